package io.pipelinescheduler.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * W5, in a JVM of its own whose heap limit is the target: registers {@code n} interval schedules in
 * memory, then measures the lateness of probe runs (the cost of the next fire with {@code n}
 * schedules waiting; a first round of probes warms the JVM up). Prints {@code key=value} lines;
 * argument: n.
 */
public final class ScaleMain {
  private static final int PROBES = 50;

  private ScaleMain() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    SchedulerConfig config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .maxConcurrentRuns(threads)
            .instanceId("scale")
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      long before = heapAfterGc();
      // Daily intervals whose first slots are spread over the hour after the next one: none fires
      // while this runs, and the timetable holds n distinct instants.
      Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) {
        scheduler
            .schedule("s-" + i)
            .every(Duration.ofDays(1))
            .startAt(first.plusMillis(i % 3_600_000))
            .run(ctx -> {});
      }
      long registration = System.nanoTime() - t;
      scheduler.start();
      long after = heapAfterGc();
      System.out.println("registration_s=" + registration / 1e9);
      System.out.println("registration_per_s=" + n / (registration / 1e9));
      System.out.println("heap_before_mb=" + before / 1048576.0);
      System.out.println("heap_after_mb=" + after / 1048576.0);
      System.out.println("heap_per_schedule_bytes=" + (after - before) / (double) n);
      System.out.println("heap_max_mb=" + Runtime.getRuntime().maxMemory() / 1048576.0);

      probes(scheduler, "warmup-", PROBES).awaitAll(Duration.ofMinutes(1));
      OnceRecorder recorder = probes(scheduler, "probe-", PROBES);
      boolean complete = recorder.awaitAll(Duration.ofMinutes(1));
      long[] lateness = recorder.latenessMicros();
      System.out.println("probe_complete=" + complete);
      System.out.println("probe_p50_ms=" + Stats.percentile(lateness, 50) / 1000);
      System.out.println("probe_p99_ms=" + Stats.percentile(lateness, 99) / 1000);
      System.out.println("probe_max_ms=" + Stats.max(lateness) / 1000);
      System.out.flush();
    }
    System.exit(0);
  }

  /** Schedules {@code count} one-shot probes 20 ms apart, starting 500 ms from now. */
  private static OnceRecorder probes(PipelineScheduler scheduler, String prefix, int count) {
    OnceRecorder recorder = new OnceRecorder(count);
    Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(500);
    for (int i = 0; i < count; i++) {
      int id = i;
      Instant due = base.plusMillis(20L * i);
      recorder.due(id, due);
      scheduler.schedule(prefix + id).once(due).run(ctx -> recorder.ran(id, ctx.scheduledTime()));
    }
    return recorder;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
