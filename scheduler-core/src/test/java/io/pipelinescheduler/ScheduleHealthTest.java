package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health per schedule: each schedule's recent success rate, last outcome and running state, and a
 * health check that turns DEGRADED naming a schedule that fails every run while the rest succeed.
 */
class ScheduleHealthTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T08:00:00Z"));
  private PipelineScheduler scheduler;

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  @Test
  void health_turns_degraded_naming_the_schedule_that_fails_every_run_while_the_rest_succeed() {
    scheduler = TestSchedulers.started(clock);
    for (String name : List.of("a-ok", "b-ok", "c-ok", "d-ok")) {
      scheduler.schedule(name).every(Duration.ofMinutes(1)).run(context -> {});
    }
    scheduler
        .schedule("broken")
        .every(Duration.ofMinutes(1))
        .run(
            context -> {
              throw new IllegalStateException("no input file");
            });

    clock.advance(Duration.ofMinutes(2));
    // 10 of 12 runs succeeded so far: below the overall threshold, and "broken" failed twice
    assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);

    clock.advance(Duration.ofMinutes(1));
    HealthStatus health = scheduler.healthCheck();

    assertThat(health.status()).isEqualTo(Health.DEGRADED);
    assertThat(health.details()).containsEntry("failingSchedules", List.of("broken"));
    assertThat((String) health.details().get("reason"))
        .isEqualTo("schedule 'broken' failed each of the latest 3 runs");
    assertThat(health.details().get("recentFailureRate")).isEqualTo(0.2);

    ScheduleInfo broken = scheduler.getSchedule("broken").orElseThrow();
    assertThat(broken.successRate()).isEqualTo(0.0);
    assertThat(broken.lastOutcome()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(broken.running()).isFalse();
    assertThat(scheduler.getSchedule("a-ok").orElseThrow().successRate()).isEqualTo(1.0);
  }

  @Test
  void one_success_clears_the_failing_schedule_and_the_rate_counts_the_latest_twenty() {
    scheduler = TestSchedulers.started(clock);
    AtomicInteger calls = new AtomicInteger();
    scheduler
        .schedule("flaky")
        .every(Duration.ofMinutes(1))
        .run(
            context -> {
              if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("down");
              }
            });
    clock.advance(Duration.ofMinutes(3));
    assertThat(scheduler.healthCheck().details()).containsKey("failingSchedules");

    clock.advance(Duration.ofMinutes(1));
    assertThat(scheduler.healthCheck().details()).doesNotContainKey("failingSchedules");
    assertThat(scheduler.getSchedule("flaky").orElseThrow().successRate()).isEqualTo(0.25);

    clock.advance(Duration.ofMinutes(17)); // 21 runs: the first failure is no longer counted
    assertThat(scheduler.getSchedule("flaky").orElseThrow().successRate()).isEqualTo(18.0 / 20);
  }

  @Test
  void an_attempt_that_is_retried_is_not_an_outcome() {
    scheduler = TestSchedulers.started(clock);
    AtomicInteger calls = new AtomicInteger();
    scheduler
        .schedule("retried")
        .every(Duration.ofHours(1))
        .retries(2, Duration.ofSeconds(10))
        .run(
            context -> {
              if (calls.incrementAndGet() % 3 != 0) {
                throw new IllegalStateException("attempt " + calls.get());
              }
            });

    clock.advance(Duration.ofHours(3).plusSeconds(30));

    assertThat(calls).hasValue(9);
    ScheduleInfo info = scheduler.getSchedule("retried").orElseThrow();
    assertThat(info.successRate()).isEqualTo(1.0);
    assertThat(scheduler.healthCheck().details()).doesNotContainKey("failingSchedules");
  }

  @Test
  void the_threshold_of_failed_runs_is_configurable_and_checked() {
    scheduler =
        PipelineScheduler.create(TestSchedulers.config(clock).failingScheduleRuns(1).build());
    scheduler.start();
    scheduler
        .schedule("once-broken")
        .every(Duration.ofMinutes(1))
        .run(
            context -> {
              throw new IllegalStateException("boom");
            });
    clock.advance(Duration.ofMinutes(1));

    HealthStatus health = scheduler.healthCheck();
    assertThat(health.status()).isEqualTo(Health.DEGRADED);
    assertThat((String) health.details().get("reason"))
        .isEqualTo("schedule 'once-broken' failed its latest run");

    assertThatThrownBy(() -> SchedulerConfig.builder().failingScheduleRuns(21))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("failingScheduleRuns must be from 1 to 20")
        .hasMessageContaining("21");
  }

  @Test
  void a_running_schedule_shows_since_when_and_runs_are_listed_across_schedules_by_state()
      throws Exception {
    scheduler = TestSchedulers.started(clock);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    scheduler
        .schedule("slow")
        .manual()
        .run(
            context -> {
              started.countDown();
              release.await();
            });
    scheduler
        .schedule("broken")
        .manual()
        .run(
            context -> {
              throw new IllegalStateException("boom");
            });
    scheduler.schedule("fine").manual().run(context -> {});
    scheduler.runNow("broken").get(10, TimeUnit.SECONDS);
    scheduler.runNow("fine").get(10, TimeUnit.SECONDS);
    Instant startedAt = clock.instant();

    var slow = scheduler.runNow("slow");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      ScheduleInfo running = scheduler.getSchedule("slow").orElseThrow();
      assertThat(running.running()).isTrue();
      assertThat(running.runningSince()).isEqualTo(startedAt);
      assertThat(running.successRate()).isNull();
      assertThat(scheduler.listSchedules())
          .filteredOn(ScheduleInfo::running)
          .extracting(ScheduleInfo::name)
          .containsExactly("slow");
      assertThat(scheduler.getRuns(Set.of(ExecutionStatus.RUNNING), 10))
          .extracting(ExecutionRecord::scheduleName)
          .containsExactly("slow");
      assertThat(scheduler.getRuns(Set.of(ExecutionStatus.FAILED), 10))
          .extracting(ExecutionRecord::scheduleName)
          .containsExactly("broken");
      assertThat(scheduler.getRuns(Set.of(), 10)).hasSize(3);
    } finally {
      release.countDown();
    }
    slow.get(10, TimeUnit.SECONDS);
    assertThat(scheduler.getSchedule("slow").orElseThrow().running()).isFalse();
    assertThat(scheduler.getSchedule("slow").orElseThrow().runningSince()).isNull();
    assertThatThrownBy(() -> scheduler.getRuns(Set.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit must be at least 1, was 0");
  }

  @Test
  void cancelled_runs_are_not_counted_as_failures() {
    scheduler = TestSchedulers.started(clock);
    scheduler.schedule("cancelled").manual().run(context -> new CountDownLatch(1).await());
    for (int i = 0; i < 3; i++) {
      String runId = scheduler.startRun("cancelled").runId();
      await().until(() -> status(runId) == ExecutionStatus.RUNNING);
      assertThat(scheduler.cancel(runId)).isTrue();
      await().until(() -> status(runId) == ExecutionStatus.CANCELLED);
    }

    assertThat(scheduler.getSchedule("cancelled").orElseThrow().successRate()).isNull();
    assertThat(scheduler.healthCheck().details()).doesNotContainKey("failingSchedules");
  }

  private ExecutionStatus status(String runId) {
    return scheduler.getRun(runId).orElseThrow().status();
  }
}
