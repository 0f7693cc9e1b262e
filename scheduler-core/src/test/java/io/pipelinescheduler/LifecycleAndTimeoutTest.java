package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Real threads and, where it is the point, real time: timeouts, stop, the worker pool. */
class LifecycleAndTimeoutTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");

  @Test
  void a_run_past_its_timeout_is_interrupted_and_recorded_timed_out() throws Exception {
    try (PipelineScheduler scheduler = TestSchedulers.started(clock)) {
      scheduler
          .schedule("slow")
          .manual()
          .timeout(Duration.ofMillis(200))
          .run(context -> Thread.sleep(60_000));

      ExecutionRecord record = scheduler.runNow("slow").get(10, TimeUnit.SECONDS);

      assertThat(record.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
      assertThat(record.error()).contains("timed out after PT0.2S");
    }
  }

  @Test
  void a_job_ignoring_interruption_past_its_timeout_is_abandoned_and_its_worker_replaced()
      throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    SchedulerConfig config =
        TestSchedulers.config(clock)
            .maxConcurrentRuns(1)
            .interruptGrace(Duration.ofMillis(100))
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.start();
      scheduler
          .schedule("stubborn")
          .manual()
          .timeout(Duration.ofMillis(100))
          .run(
              context -> {
                while (stuck.getCount() > 0) {
                  try {
                    stuck.await();
                  } catch (InterruptedException ignored) {
                    // deliberately ignores interruption
                  }
                }
              });
      AtomicInteger quickRuns = new AtomicInteger();
      scheduler.schedule("quick").manual().run(context -> quickRuns.incrementAndGet());

      ExecutionRecord abandoned = scheduler.runNow("stubborn").get(10, TimeUnit.SECONDS);
      ExecutionRecord quick = scheduler.runNow("quick").get(10, TimeUnit.SECONDS);

      assertThat(abandoned.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
      assertThat(abandoned.error()).contains("ignored interruption").contains("abandoned");
      assertThat(quick.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(quickRuns).hasValue(1);
      stuck.countDown();
    }
  }

  @Test
  void a_cancelled_job_that_ignores_interruption_is_abandoned_as_cancelled() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (PipelineScheduler scheduler = TestSchedulers.started(clock)) {
      scheduler
          .schedule("stubborn")
          .manual()
          .run(
              context -> {
                started.countDown();
                while (stuck.getCount() > 0) {
                  try {
                    stuck.await();
                  } catch (InterruptedException ignored) {
                    // deliberately ignores interruption
                  }
                }
              });
      var run = scheduler.runNow("stubborn");
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      scheduler.cancel(scheduler.getHistory("stubborn", 1).get(0).runId());

      ExecutionRecord record = run.get(10, TimeUnit.SECONDS);
      assertThat(record.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(record.error()).contains("ignored interruption");
      stuck.countDown();
    }
  }

  @Test
  void stop_waits_for_running_jobs_within_the_grace_then_cancels_them_leaving_nothing_running()
      throws Exception {
    SchedulerConfig config =
        TestSchedulers.config(clock)
            .shutdownGrace(Duration.ofMillis(200))
            .maxConcurrentRuns(1)
            .build();
    PipelineScheduler scheduler = PipelineScheduler.create(config);
    scheduler.start();
    CountDownLatch started = new CountDownLatch(1);
    scheduler
        .schedule("long")
        .manual()
        .run(
            context -> {
              started.countDown();
              Thread.sleep(60_000);
            });
    scheduler.schedule("waiting").manual().run(context -> {});
    var longRun = scheduler.runNow("long");
    var waitingRun = scheduler.runNow("waiting");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    scheduler.stop();

    assertThat(longRun.get(1, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(waitingRun.get(1, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.CANCELLED);
    assertThat(scheduler.getHistory("long", 5))
        .noneMatch(r -> r.status() == ExecutionStatus.RUNNING);
    assertThat(scheduler.getHistory("waiting", 5))
        .noneMatch(r -> r.status() == ExecutionStatus.RUNNING);
    assertThat(scheduler.isRunning()).isFalse();
    scheduler.close();
  }

  @Test
  void a_job_that_finishes_within_the_grace_is_let_finish_at_stop() throws Exception {
    try (PipelineScheduler scheduler = TestSchedulers.started(clock)) {
      CountDownLatch started = new CountDownLatch(1);
      scheduler
          .schedule("short")
          .manual()
          .run(
              context -> {
                started.countDown();
                Thread.sleep(200);
              });
      var run = scheduler.runNow("short");
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      scheduler.stop();

      assertThat(run.get(1, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }

  @Test
  void no_more_runs_than_max_concurrent_runs_run_at_once_and_none_is_dropped() throws Exception {
    SchedulerConfig config = TestSchedulers.config(clock).maxConcurrentRuns(2).build();
    AtomicInteger current = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.start();
      for (int i = 0; i < 6; i++) {
        scheduler
            .schedule("job" + i)
            .every(Duration.ofHours(1))
            .run(
                context -> {
                  peak.accumulateAndGet(current.incrementAndGet(), Math::max);
                  Thread.sleep(50);
                  current.decrementAndGet();
                });
      }

      clock.advance(Duration.ofHours(1));

      assertThat(peak.get()).isEqualTo(2);
      assertThat(scheduler.healthCheck().metrics().totalRuns()).isEqualTo(6);
    }
  }

  @Test
  void every_log_line_written_during_a_run_carries_the_schedule_and_run_id_in_the_mdc() {
    Logger jobLogger = (Logger) LoggerFactory.getLogger("io.pipelinescheduler.job.mdc_check");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    jobLogger.addAppender(appender);
    List<String> runIds = new CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler = TestSchedulers.started(clock)) {
      scheduler.scheduleInterval(
          "mdc_check",
          context -> {
            runIds.add(context.runId());
            context.logger().warn("inside the job");
          },
          Duration.ofHours(1));

      clock.advance(Duration.ofHours(1));
    } finally {
      jobLogger.detachAppender(appender);
    }

    assertThat(appender.list).hasSize(1);
    Map<String, String> mdc = appender.list.get(0).getMDCPropertyMap();
    assertThat(mdc).containsEntry("schedule", "mdc_check").containsEntry("runId", runIds.get(0));
  }

  @Test
  void health_is_down_before_start_up_while_running_and_degraded_when_runs_keep_failing() {
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(TestSchedulers.config(clock).build())) {
      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.DOWN);
      scheduler.start();
      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);
      scheduler.scheduleInterval(
          "failing",
          context -> {
            throw new IllegalStateException("no");
          },
          Duration.ofMinutes(1));

      clock.advance(Duration.ofMinutes(10));

      HealthStatus health = scheduler.healthCheck();
      assertThat(health.status()).isEqualTo(Health.DEGRADED);
      assertThat(health.metrics().failed()).isEqualTo(10);
      assertThat(health.metrics().successRate()).isZero();
      assertThat(health.metrics().schedules()).isEqualTo(1);
      assertThat(health.details())
          .containsEntry("store", "memory")
          .containsEntry("lockBackend", "local");
    }
  }

  @Test
  void meters_count_runs_by_outcome_in_the_configured_registry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(TestSchedulers.config(clock).meterRegistry(registry).build())) {
      scheduler.start();
      scheduler.scheduleInterval("ok", context -> {}, Duration.ofMinutes(1));

      clock.advance(Duration.ofMinutes(3));

      assertThat(
              registry
                  .get("pipeline.scheduler.runs")
                  .tag("schedule", "ok")
                  .tag("outcome", "succeeded")
                  .counter()
                  .count())
          .isEqualTo(3.0);
      assertThat(registry.get("pipeline.scheduler.schedules").gauge().value()).isEqualTo(1.0);
    }
  }

  @Test
  void one_shot_schedules_share_the_schedule_tag_once_so_their_meters_do_not_grow_per_schedule() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(TestSchedulers.config(clock).meterRegistry(registry).build())) {
      scheduler.start();
      for (int i = 0; i < 3; i++) {
        scheduler.schedule("invoice-" + i).once(clock.instant().plusSeconds(10)).run(context -> {});
      }
      scheduler.scheduleInterval("ok", context -> {}, Duration.ofMinutes(1));

      clock.advance(Duration.ofMinutes(1));

      assertThat(
              registry
                  .get("pipeline.scheduler.runs")
                  .tag("schedule", "once")
                  .tag("outcome", "succeeded")
                  .counter()
                  .count())
          .isEqualTo(3.0);
      assertThat(registry.get("pipeline.scheduler.run.lateness").tag("schedule", "once").timer())
          .satisfies(lateness -> assertThat(lateness.count()).isEqualTo(3));
      assertThat(registry.get("pipeline.scheduler.runs").tag("schedule", "ok").counter().count())
          .isEqualTo(1.0);
      assertThat(registry.find("pipeline.scheduler.runs").counters())
          .extracting(counter -> counter.getId().getTag("schedule"))
          .containsExactlyInAnyOrder("once", "ok");
      assertThat(scheduler.getHistory("invoice-1", 5))
          .singleElement()
          .satisfies(run -> assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
    }
  }

  @Test
  void a_one_shot_schedule_that_removes_itself_in_its_job_still_records_its_end_under_once() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(TestSchedulers.config(clock).meterRegistry(registry).build())) {
      scheduler.start();
      scheduler
          .schedule("reminder-7")
          .once(clock.instant().plusSeconds(10))
          .run(context -> scheduler.unschedule(context.scheduleName()));

      clock.advance(Duration.ofMinutes(1));

      assertThat(scheduler.getSchedule("reminder-7")).isEmpty();
      assertThat(registry.find("pipeline.scheduler.runs").counters())
          .extracting(counter -> counter.getId().getTag("schedule"))
          .containsExactly("once");
      assertThat(registry.find("pipeline.scheduler.run.duration").timers())
          .extracting(timer -> timer.getId().getTag("schedule"))
          .containsExactly("once");
    }
  }

  @Test
  void in_memory_with_the_system_clock_a_slot_still_waiting_for_a_worker_at_stop_ends_cancelled()
      throws Exception {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .clock(Clock.systemUTC())
            .maxConcurrentRuns(1)
            .shutdownGrace(Duration.ofMillis(200))
            .interruptGrace(Duration.ofMillis(200))
            .build();
    PipelineScheduler scheduler = PipelineScheduler.create(config);
    scheduler.start();
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    scheduler
        .schedule("long")
        .once(java.time.Instant.now())
        .run(
            context -> {
              busy.countDown();
              never.await(); // holds the only worker until stop() interrupts it
            });
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    scheduler.schedule("queued").once(java.time.Instant.now()).run(context -> {});
    // Its slot has fired (no next run) while the only worker is busy: it waits for a worker.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scheduler.getSchedule("queued").orElseThrow().nextRun() == null);

    scheduler.stop();

    assertThat(scheduler.getHistory("queued", 5))
        .singleElement()
        .satisfies(
            run -> {
              assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
              assertThat(run.error()).contains("scheduler stopped before the run started");
            });
    assertThat(scheduler.getHistory("long", 5))
        .singleElement()
        .satisfies(run -> assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED));
    scheduler.close();
  }

  @Test
  void with_the_system_clock_an_interval_schedule_fires_in_real_time() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .clock(Clock.systemUTC())
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    AtomicInteger fired = new AtomicInteger();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.scheduleInterval(
          "tick", context -> fired.incrementAndGet(), Duration.ofMillis(100));
      scheduler.start();

      await().atMost(Duration.ofSeconds(10)).until(() -> fired.get() >= 3);

      assertThat(scheduler.getHistory("tick", 10))
          .allSatisfy(run -> assertThat(run.trigger()).isEqualTo(Trigger.SCHEDULED));
    }
  }
}
