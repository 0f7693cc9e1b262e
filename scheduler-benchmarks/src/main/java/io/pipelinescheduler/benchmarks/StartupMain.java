package io.pipelinescheduler.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Properties;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The start-up workload's child JVM: builds and starts one scheduler from nothing (cold), stops it,
 * then does the same again in this JVM (warm), and prints {@code key=value} lines: {@code cold_ms}
 * (create + start, from the first line of {@code main}), {@code create_ms} and {@code start_ms}
 * (its parts, for us), {@code jvm_to_started_ms} (from the JVM's own start, so its boot and class
 * path included), {@code cpu_to_started_ms} (CPU time of every thread of the process until then)
 * and {@code warm_ms}. Arguments: contender ({@code ours-sqlite FILE1 FILE2}, {@code ours-memory},
 * {@code ours-postgres URL1 URL2}, {@code quartz-ram}, {@code db-scheduler URL1 URL2}; the URLs
 * name schemas that exist, with db-scheduler's table in them for db-scheduler).
 */
public final class StartupMain {
  private StartupMain() {}

  /** Create and start of our scheduler's last round, in nanoseconds. */
  private static long createNanos;

  private static long startNanos;

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    AutoCloseable first = startOnce(args, 1);
    long cold = System.nanoTime() - t0;
    long started = System.currentTimeMillis();
    long create = createNanos;
    long start = startNanos;
    long cpu = processCpuNanos();
    first.close();
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long t1 = System.nanoTime();
    AutoCloseable second = startOnce(args, 2);
    long warm = System.nanoTime() - t1;
    second.close();
    System.out.println("cold_ms=" + cold / 1e6);
    if (create > 0) {
      System.out.println("create_ms=" + create / 1e6);
      System.out.println("start_ms=" + start / 1e6);
    }
    System.out.println("jvm_to_started_ms=" + (started - jvmStart));
    System.out.println("cpu_to_started_ms=" + cpu / 1e6);
    System.out.println("warm_ms=" + warm / 1e6);
    System.out.flush();
    System.exit(0);
  }

  /**
   * Builds and starts the scheduler of round {@code round} (1 or 2: a new file or schema each);
   * closing the result stops it.
   */
  private static AutoCloseable startOnce(String[] args, int round) throws Exception {
    switch (args[0]) {
      case "ours-sqlite" -> {
        return ours(SchedulerConfig.builder().dbPath(Path.of(args[round])).build());
      }
      case "ours-memory" -> {
        return ours(SchedulerConfig.builder().persistSchedules(false).build());
      }
      case "ours-postgres" -> {
        return ours(SchedulerConfig.builder().dbUrl(args[round]).dbUser("postgres").build());
      }
      case "quartz-ram" -> {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "startup-" + round);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.threadPool.threadCount", "10");
        org.quartz.Scheduler quartz = new StdSchedulerFactory(p).getScheduler();
        quartz.start();
        return () -> quartz.shutdown(true);
      }
      case "db-scheduler" -> {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[round]);
        config.setUsername("postgres");
        config.setMaximumPoolSize(13);
        HikariDataSource pool = new HikariDataSource(config);
        OneTimeTask<Void> task = Tasks.oneTime("startup").execute((instance, context) -> {});
        Scheduler scheduler = Scheduler.create(pool, task).threads(10).build();
        scheduler.start();
        return () -> {
          scheduler.stop();
          pool.close();
        };
      }
      default -> throw new IllegalArgumentException("unknown contender " + args[0]);
    }
  }

  /**
   * CPU time of the whole process so far (every thread: JIT compilers and GC too), from {@code
   * /proc/self/stat} (user + system, in clock ticks of 10 ms), so that no management classes are
   * loaded for it.
   */
  private static long processCpuNanos() throws java.io.IOException {
    String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * 10_000_000L;
  }

  private static AutoCloseable ours(SchedulerConfig config) {
    long t = System.nanoTime();
    PipelineScheduler scheduler = PipelineScheduler.create(config);
    long created = System.nanoTime();
    scheduler.start();
    createNanos = created - t;
    startNanos = System.nanoTime() - created;
    return scheduler;
  }
}
