package io.pipelinescheduler.benchmarks;

import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.IntFunction;
import org.quartz.Job;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;

/** Quartz 2.5: RAMJobStore, or JobStoreTX on PostgreSQL, clustered. */
final class QuartzSubject extends Subject {
  private static final String SINK = "bench.sink";
  private static final int CHUNK = 500;

  private final Scheduler scheduler;
  private final Properties properties;
  private final Contender contender;

  private QuartzSubject(Contender contender, Properties properties, RunSink sink) {
    this.contender = contender;
    this.properties = properties;
    try {
      this.scheduler = new StdSchedulerFactory(properties).getScheduler();
      scheduler.getContext().put(SINK, sink);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz did not start: " + e.getMessage(), e);
    }
  }

  /** RAMJobStore. */
  static QuartzSubject ram(int threads, RunSink sink) {
    Properties p = common(threads, "bench-ram", "ram");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    return new QuartzSubject(Contender.QUARTZ_RAM, p, sink);
  }

  /** JobStoreTX on PostgreSQL, clustered; the tables must exist in the URL's schema. */
  static QuartzSubject jdbc(int threads, String jdbcUrl, String instanceId, RunSink sink) {
    Properties p = common(threads, "bench-jdbc", instanceId);
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", "bench");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "7500");
    // Needed with batch acquisition in a cluster, so that two nodes never acquire one trigger.
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    p.setProperty(
        "org.quartz.dataSource.bench.connectionProvider.class", QuartzConnections.class.getName());
    p.setProperty("org.quartz.dataSource.bench.url", jdbcUrl);
    p.setProperty("org.quartz.dataSource.bench.maxConnections", Integer.toString(threads + 3));
    return new QuartzSubject(Contender.QUARTZ_JDBC, p, sink);
  }

  private static Properties common(int threads, String name, String instanceId) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name);
    p.setProperty("org.quartz.scheduler.instanceId", instanceId);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    // Up to one trigger per worker per acquisition round (the documented throughput setting).
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
    p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", "0");
    // The smallest legal idle wait (the documentation calls values below 1000 ms illegal).
    p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    return p;
  }

  /** The job: reports its number (its name) and the fire time Quartz meant. */
  public static final class BenchJob implements Job {
    /** For Quartz. */
    public BenchJob() {}

    @Override
    public void execute(JobExecutionContext context) {
      try {
        RunSink sink = (RunSink) context.getScheduler().getContext().get(SINK);
        sink.ran(
            Integer.parseInt(context.getJobDetail().getKey().getName()),
            context.getScheduledFireTime().toInstant());
      } catch (SchedulerException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  void scheduleOnce(int n, IntFunction<Instant> due) {
    Map<JobDetail, Set<? extends Trigger>> chunk = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String name = Integer.toString(i);
      JobDetail job = newJob(BenchJob.class).withIdentity(name, "once").build();
      Trigger trigger =
          newTrigger()
              .withIdentity(name, "once")
              .startAt(Date.from(due.apply(i)))
              .withSchedule(simpleSchedule().withRepeatCount(0))
              .build();
      chunk.put(job, Set.of(trigger));
      if (chunk.size() == CHUNK || i == n - 1) {
        schedule(chunk);
        chunk = new HashMap<>();
      }
    }
  }

  @Override
  void scheduleEverySecond(int n) {
    Date first = Date.from(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
    Map<JobDetail, Set<? extends Trigger>> chunk = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String name = Integer.toString(i);
      JobDetail job = newJob(BenchJob.class).withIdentity(name, "steady").build();
      Trigger trigger =
          newTrigger()
              .withIdentity(name, "steady")
              .startAt(first)
              .withSchedule(simpleSchedule().withIntervalInMilliseconds(1000).repeatForever())
              .build();
      chunk.put(job, Set.of(trigger));
      if (chunk.size() == CHUNK || i == n - 1) {
        schedule(chunk);
        chunk = new HashMap<>();
      }
    }
  }

  private void schedule(Map<JobDetail, Set<? extends Trigger>> jobs) {
    try {
      scheduler.scheduleJobs(jobs, false);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Quartz refused the jobs: " + e.getMessage(), e);
    }
  }

  @Override
  void start() {
    try {
      scheduler.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("contender", contender.label);
    properties.stringPropertyNames().stream()
        .sorted()
        .filter(k -> !k.endsWith(".url") && !k.endsWith(".instanceId"))
        .forEach(k -> settings.put(k, properties.getProperty(k)));
    settings.put("history", "none kept (a fired one-shot trigger and its job are deleted)");
    return settings;
  }
}
