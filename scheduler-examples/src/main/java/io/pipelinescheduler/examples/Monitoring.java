package io.pipelinescheduler.examples;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.OverlapPolicy;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the scheduler reports: a few runs (one failing and retried, one skipping slots), then every
 * {@code pipeline.scheduler.*} Micrometer meter with its tags and values, and {@code healthCheck()}
 * with its details. In an application the registry would be Prometheus', Datadog's, ... (or the
 * global one, the default); here a {@link SimpleMeterRegistry} is printed. In memory; about 4
 * seconds.
 */
public final class Monitoring {
  private Monitoring() {}

  /** Runs a few jobs, prints the meters and the health, exits. */
  public static void main(String[] args) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SchedulerConfig config =
        SchedulerConfig.builder().persistSchedules(false).meterRegistry(registry).build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.scheduleInterval("import-orders", ctx -> Thread.sleep(50), Duration.ofHours(1));
      scheduler
          .schedule("send-emails")
          .cron("*/15 * * * *")
          .retries(1, Duration.ofMillis(200))
          .run(
              ctx -> {
                throw new IOException("smtp.example.com:25: connection refused");
              });
      // Runs take longer than the interval; SKIP drops the slots that come meanwhile.
      scheduler
          .schedule("refresh-cache")
          .every(Duration.ofSeconds(1))
          .overlap(OverlapPolicy.SKIP)
          .run(ctx -> Thread.sleep(1_500));

      CountDownLatch retryFailed = new CountDownLatch(1);
      CountDownLatch slotSkipped = new CountDownLatch(1);
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onRunFailed(ExecutionRecord run) {
              if (run.attempt() == 2) {
                retryFailed.countDown();
              }
            }

            @Override
            public void onSlotSkipped(
                String schedule, Instant slot, SkipReason reason, String why) {
              System.out.println(schedule + " slot " + slot + " skipped: " + reason + ", " + why);
              slotSkipped.countDown();
            }
          });
      scheduler.start();

      for (int i = 0; i < 3; i++) {
        scheduler.runNow("import-orders").get(30, TimeUnit.SECONDS);
      }
      scheduler.runNow("send-emails"); // fails, and its retry fails too
      if (!retryFailed.await(30, TimeUnit.SECONDS) || !slotSkipped.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no retry or no skip within 30 s");
      }
      scheduler.disable("refresh-cache"); // its running run finishes
      while (scheduler.healthCheck().metrics().running() > 0) {
        Thread.sleep(50);
      }

      System.out.println();
      System.out.println("meters:");
      registry.getMeters().stream()
          .filter(meter -> meter.getId().getName().startsWith("pipeline.scheduler."))
          .sorted(Comparator.comparing(meter -> meter.getId().getName() + meter.getId().getTags()))
          .forEach(meter -> System.out.println("  " + describe(meter)));

      HealthStatus health = scheduler.healthCheck();
      System.out.println();
      System.out.println("health: " + health.status() + ", running " + health.running());
      System.out.println("metrics: " + health.metrics());
      System.out.println("details:");
      new TreeMap<>(health.details())
          .forEach((key, value) -> System.out.println("  " + key + " = " + value));
    }
  }

  /** {@code name{tag=value, ...} COUNT=3 TOTAL_TIME=0.151s MAX=0.052s}. */
  private static String describe(Meter meter) {
    String tags =
        meter.getId().getTags().stream()
            .map(tag -> tag.getKey() + "=" + tag.getValue())
            .collect(Collectors.joining(", ", "{", "}"));
    StringBuilder text = new StringBuilder(meter.getId().getName()).append(tags);
    for (Measurement measurement : meter.measure()) {
      text.append(' ').append(measurement.getStatistic()).append('=');
      text.append(format(measurement.getStatistic(), measurement.getValue()));
    }
    return text.toString();
  }

  private static String format(Statistic statistic, double value) {
    if (statistic == Statistic.TOTAL_TIME || statistic == Statistic.MAX) {
      return String.format("%.3fs", value); // timers of a SimpleMeterRegistry are in seconds
    }
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
