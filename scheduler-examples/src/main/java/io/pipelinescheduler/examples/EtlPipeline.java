package io.pipelinescheduler.examples;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A nightly ETL job as a {@link Pipeline} of three named steps, with retries and a timeout.
 *
 * <p>To show what the history looks like when things go wrong, the transform fails on the first
 * attempt and the load hangs on the second (the timeout stops it); the third attempt succeeds. The
 * pipeline is scheduled for 02:00 but run at once with {@code runNow}. In memory; about 4 seconds.
 */
public final class EtlPipeline {
  private EtlPipeline() {}

  /** Runs the pipeline until an attempt succeeds, prints every attempt, exits. */
  public static void main(String[] args) throws Exception {
    Pipeline etl =
        Pipeline.named("orders_etl")
            .step("extract", ctx -> ctx.logger().info("extracted 3 orders"))
            .step(
                "transform",
                ctx -> {
                  if (ctx.attempt() == 1) {
                    throw new IllegalStateException("order 17 has no currency");
                  }
                  ctx.logger().info("transformed 3 orders");
                })
            .step(
                "load",
                ctx -> {
                  if (ctx.attempt() == 2) {
                    ctx.logger().info("waiting for the warehouse lock...");
                    Thread.sleep(Duration.ofMinutes(10).toMillis()); // interrupted by the timeout
                  }
                  ctx.logger().info("loaded 3 orders");
                });

    SchedulerConfig config = SchedulerConfig.builder().persistSchedules(false).build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler
          .schedule("orders-etl")
          .daily(LocalTime.of(2, 0))
          .retries(2, Duration.ofMillis(500)) // up to 3 attempts: retried after 0.5 s, then 1 s
          .timeout(Duration.ofSeconds(2)) // a run longer than this is stopped: TIMED_OUT
          .run(etl);

      CountDownLatch succeeded = new CountDownLatch(1);
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onRunSucceeded(ExecutionRecord run) {
              succeeded.countDown();
            }
          });
      scheduler.start();
      scheduler.runNow("orders-etl"); // the retries are scheduled by the scheduler itself
      if (!succeeded.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no attempt of orders-etl succeeded within 30 s");
      }

      List<ExecutionRecord> history = new ArrayList<>(scheduler.getHistory("orders-etl", 10));
      Collections.reverse(history); // oldest first
      Instant first = history.get(0).startedAt();
      System.out.println();
      System.out.println("history of orders-etl:");
      for (ExecutionRecord run : history) {
        System.out.printf(
            "  attempt %d (%s, started +%.1f s): %s%s%n",
            run.attempt(),
            run.trigger(),
            Duration.between(first, run.startedAt()).toMillis() / 1000.0,
            run.status(),
            run.error() == null ? "" : " - " + run.error());
      }
      System.out.println();
      System.out.println("output of the last attempt:");
      System.out.print(history.get(history.size() - 1).output().indent(2));
    }
  }
}
