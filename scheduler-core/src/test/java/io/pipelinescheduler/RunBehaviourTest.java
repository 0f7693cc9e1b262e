package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunBehaviourTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final List<JobContext> runs = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    scheduler.close();
  }

  private Job blockingUntilReleased() {
    return context -> {
      runs.add(context);
      release.await();
    };
  }

  private void awaitRuns(int count) {
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.size() >= count);
  }

  @Test
  void overlap_queue_runs_the_waiting_slot_right_after_the_current_run_collapsing_several() {
    scheduler.scheduleInterval("slow", blockingUntilReleased(), Duration.ofMinutes(1));

    clock.advanceWithoutWaiting(Duration.ofMinutes(1));
    awaitRuns(1);
    clock.advanceWithoutWaiting(Duration.ofMinutes(3));
    release.countDown();
    awaitRuns(2);
    clock.advance(Duration.ZERO);

    assertThat(runs).hasSize(2);
    assertThat(runs.get(1).scheduledTime()).isEqualTo(Instant.parse("2026-03-09T08:04:00Z"));
  }

  @Test
  void overlap_skip_drops_the_slot_while_the_previous_run_runs() {
    List<SkipReason> skips = new CopyOnWriteArrayList<>();
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            skips.add(reason);
          }
        });
    scheduler
        .schedule("slow")
        .every(Duration.ofMinutes(1))
        .overlap(OverlapPolicy.SKIP)
        .run(blockingUntilReleased());

    clock.advanceWithoutWaiting(Duration.ofMinutes(1));
    awaitRuns(1);
    clock.advanceWithoutWaiting(Duration.ofMinutes(2));
    release.countDown();
    clock.advance(Duration.ZERO);

    assertThat(runs).hasSize(1);
    assertThat(skips).containsExactly(SkipReason.OVERLAP, SkipReason.OVERLAP);
  }

  @Test
  void overlap_allow_runs_slots_in_parallel() {
    scheduler
        .schedule("slow")
        .every(Duration.ofMinutes(1))
        .overlap(OverlapPolicy.ALLOW)
        .run(blockingUntilReleased());

    clock.advanceWithoutWaiting(Duration.ofMinutes(3));

    awaitRuns(3);
    assertThat(scheduler.healthCheck().metrics().running()).isEqualTo(3);
  }

  @Test
  void misfire_fire_once_runs_one_catch_up_for_all_missed_slots() {
    scheduler.scheduleInterval("poll", runs::add, Duration.ofHours(1));

    clock.set(Instant.parse("2026-03-09T13:30:00Z"));

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).trigger()).isEqualTo(Trigger.CATCH_UP);
    assertThat(runs.get(0).scheduledTime()).isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
    assertThat(scheduler.getSchedule("poll").orElseThrow().nextRun().toInstant())
        .isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
  }

  @Test
  void misfire_skip_drops_the_missed_slots_and_goes_on_from_the_next() {
    AtomicInteger missedReported = new AtomicInteger();
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onMisfire(String name, long missed, MisfirePolicy policy) {
            missedReported.addAndGet((int) missed);
          }
        });
    scheduler
        .schedule("poll")
        .every(Duration.ofHours(1))
        .misfire(MisfirePolicy.SKIP)
        .run(runs::add);

    clock.set(Instant.parse("2026-03-09T13:30:00Z"));
    assertThat(runs).isEmpty();
    clock.advance(Duration.ofMinutes(30));

    assertThat(missedReported).hasValue(5);
    assertThat(runs).extracting(JobContext::trigger).containsExactly(Trigger.SCHEDULED);
  }

  @Test
  void misfire_fire_all_runs_each_missed_slot_oldest_first_up_to_the_limit() {
    scheduler.close();
    PipelineScheduler limited =
        PipelineScheduler.create(TestSchedulers.config(clock).fireAllLimit(3).build());
    try {
      limited.start();
      limited
          .schedule("poll")
          .every(Duration.ofHours(1))
          .misfire(MisfirePolicy.FIRE_ALL)
          .run(runs::add);

      clock.set(Instant.parse("2026-03-09T13:30:00Z"));

      assertThat(runs)
          .extracting(JobContext::scheduledTime)
          .containsExactly(
              Instant.parse("2026-03-09T11:00:00Z"),
              Instant.parse("2026-03-09T12:00:00Z"),
              Instant.parse("2026-03-09T13:00:00Z"));
      assertThat(runs).extracting(JobContext::trigger).containsOnly(Trigger.CATCH_UP);
    } finally {
      limited.close();
    }
  }

  @Test
  void a_slot_late_by_less_than_the_misfire_grace_is_just_late() {
    scheduler.scheduleInterval("poll", runs::add, Duration.ofHours(1));

    clock.set(Instant.parse("2026-03-09T09:00:30Z"));

    assertThat(runs).extracting(JobContext::trigger).containsExactly(Trigger.SCHEDULED);
  }

  @Test
  void a_failed_run_is_retried_with_exponential_backoff_each_attempt_its_own_record() {
    AtomicInteger calls = new AtomicInteger();
    scheduler
        .schedule("flaky")
        .every(Duration.ofHours(1))
        .retries(3, Duration.ofMinutes(1))
        .run(
            context -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("boom " + calls.get());
              }
            });

    clock.advance(Duration.ofHours(1));
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(calls).hasValue(2);
    clock.advance(Duration.ofSeconds(119));
    assertThat(calls).hasValue(2);
    clock.advance(Duration.ofSeconds(1));

    List<ExecutionRecord> history = scheduler.getHistory("flaky", 10);
    assertThat(history)
        .extracting(ExecutionRecord::attempt, ExecutionRecord::trigger, ExecutionRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, Trigger.RETRY, ExecutionStatus.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(2, Trigger.RETRY, ExecutionStatus.FAILED),
            org.assertj.core.groups.Tuple.tuple(1, Trigger.SCHEDULED, ExecutionStatus.FAILED));
    assertThat(history.get(2).error()).isEqualTo("java.lang.IllegalStateException: boom 1");
    assertThat(history)
        .extracting(ExecutionRecord::scheduledTime)
        .containsOnly(history.get(2).scheduledTime());
  }

  @Test
  void retries_stop_after_the_maximum() {
    AtomicInteger calls = new AtomicInteger();
    scheduler
        .schedule("broken")
        .every(Duration.ofDays(1))
        .retries(2, Duration.ofSeconds(10))
        .run(
            context -> {
              calls.incrementAndGet();
              throw new java.io.IOException("disk full");
            });

    clock.advance(Duration.ofHours(23));

    assertThat(calls).hasValue(3);
    assertThat(scheduler.getHistory("broken", 10))
        .allMatch(r -> r.status() == ExecutionStatus.FAILED);
  }

  @Test
  void a_job_that_throws_fails_its_run_and_the_scheduler_goes_on() {
    scheduler.scheduleInterval(
        "bad",
        context -> {
          throw new Error("really bad");
        },
        Duration.ofHours(1));
    scheduler.scheduleInterval("good", runs::add, Duration.ofHours(1));

    clock.advance(Duration.ofHours(2));

    assertThat(runs).hasSize(2);
    assertThat(scheduler.getHistory("bad", 10))
        .extracting(ExecutionRecord::error)
        .containsOnly("java.lang.Error: really bad");
    assertThat(scheduler.isRunning()).isTrue();
  }

  @Test
  void a_job_that_runs_out_of_memory_or_overflows_its_stack_fails_its_run_and_firing_goes_on() {
    AtomicReference<long[]> kept = new AtomicReference<>();
    scheduler.scheduleInterval(
        "greedy", context -> kept.set(new long[Integer.MAX_VALUE - 16]), Duration.ofHours(1));
    scheduler.scheduleInterval("deep", context -> recurseForever(0), Duration.ofHours(1));
    scheduler.scheduleInterval("good", runs::add, Duration.ofHours(1));

    clock.advance(Duration.ofHours(2));

    assertThat(runs).hasSize(2);
    assertThat(scheduler.getHistory("greedy", 10))
        .hasSize(2)
        .allMatch(run -> run.status() == ExecutionStatus.FAILED)
        .allMatch(run -> run.error().startsWith("java.lang.OutOfMemoryError"));
    assertThat(scheduler.getHistory("deep", 10))
        .hasSize(2)
        .allMatch(run -> run.status() == ExecutionStatus.FAILED)
        .allMatch(run -> run.error().startsWith("java.lang.StackOverflowError"));
    assertThat(kept.get()).isNull();
    assertThat(scheduler.isRunning()).isTrue();
  }

  private static int recurseForever(int depth) {
    return recurseForever(depth + 1) + 1;
  }

  @Test
  void depends_on_runs_only_after_the_dependency_succeeded_since_its_own_previous_run() {
    AtomicInteger extractFailures = new AtomicInteger(1);
    List<String> skipDetails = new CopyOnWriteArrayList<>();
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            if (reason == SkipReason.DEPENDENCY) {
              skipDetails.add(detail);
            }
          }
        });
    scheduler.scheduleDaily(
        "extract",
        context -> {
          if (extractFailures.getAndDecrement() > 0) {
            throw new IllegalStateException("source down");
          }
        },
        1,
        0);
    scheduler
        .schedule("load")
        .daily(java.time.LocalTime.of(2, 0))
        .dependsOn("extract")
        .run(runs::add);

    clock.set(Instant.parse("2026-03-09T23:00:00Z"));
    clock.advance(Duration.ofHours(4));
    assertThat(runs).isEmpty();
    clock.advance(Duration.ofDays(1));

    assertThat(runs).hasSize(1);
    assertThat(skipDetails).containsExactly("the latest run of dependency 'extract' ended FAILED");
  }

  @Test
  void cancel_stops_a_running_job_and_records_it_cancelled() throws Exception {
    scheduler.scheduleInterval("slow", blockingUntilReleased(), Duration.ofHours(1));
    clock.advanceWithoutWaiting(Duration.ofHours(1));
    awaitRuns(1);

    boolean cancelled = scheduler.cancel(runs.get(0).runId());

    assertThat(cancelled).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scheduler.getHistory("slow", 1).get(0).status() == ExecutionStatus.CANCELLED);
    assertThat(runs.get(0).isCancelled()).isTrue();
    assertThat(scheduler.cancel("no-such-run")).isFalse();
  }

  @Test
  void a_run_listed_as_queued_before_a_worker_holds_it_can_be_cancelled_and_never_runs()
      throws Exception {
    // The claim is held between the QUEUED record's insert and the hand-over to a worker (the
    // claim's listener call), the moment in which cancel used to answer false.
    HeldClaim claim = new HeldClaim();
    scheduler.addListener(claim);
    scheduler.scheduleInterval("held", runs::add, Duration.ofHours(1));
    // The clock's advance returns once the slot is handed on, which the listener holds up.
    CompletableFuture<Void> advanced =
        CompletableFuture.runAsync(() -> clock.advanceWithoutWaiting(Duration.ofHours(1)));
    assertThat(claim.awaitRecorded(Duration.ofSeconds(10))).isTrue();
    ExecutionRecord queued = scheduler.getHistory("held", 1).get(0);
    assertThat(queued.status()).isEqualTo(ExecutionStatus.QUEUED);

    boolean cancelled = scheduler.cancel(queued.runId());
    claim.release();
    advanced.get(10, TimeUnit.SECONDS);

    assertThat(cancelled).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scheduler.getHistory("held", 1).get(0).status() == ExecutionStatus.CANCELLED);
    assertThat(scheduler.getHistory("held", 1).get(0).error())
        .isEqualTo("cancelled before it started");
    assertThat(runs).isEmpty();
  }

  @Test
  void run_now_completes_its_future_with_the_record_when_the_run_ends() throws Exception {
    scheduler.scheduleDaily("report", runs::add, 9, 0);

    ExecutionRecord record = scheduler.runNow("report").get(10, TimeUnit.SECONDS);

    assertThat(record.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(record.finishedAt()).isNotNull();
    assertThat(scheduler.getHistory("report", 1).get(0).runId()).isEqualTo(record.runId());
    assertThat(scheduler.getRun(record.runId())).contains(record);
    assertThat(scheduler.getRun("no-such-run")).isEmpty();
  }

  @Test
  void start_run_returns_the_running_record_at_once_and_get_run_shows_output_so_far() {
    scheduler
        .schedule("talker")
        .manual()
        .run(
            context -> {
              context.appendOutput("halfway\n");
              runs.add(context);
              release.await();
            });

    ExecutionRecord started = scheduler.startRun("talker");
    awaitRuns(1);

    assertThat(started.status()).isIn(ExecutionStatus.QUEUED, ExecutionStatus.RUNNING);
    assertThat(started.trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(scheduler.getRun(started.runId()).orElseThrow().status())
        .isEqualTo(ExecutionStatus.RUNNING);
    assertThat(scheduler.getRun(started.runId()).orElseThrow().output()).isEqualTo("halfway\n");
    release.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scheduler.getRun(started.runId()).orElseThrow().status().isFinal());
    assertThat(scheduler.getRun(started.runId()).orElseThrow().success()).isTrue();
  }

  @Test
  void the_history_is_newest_first_and_limited() {
    scheduler.scheduleInterval("poll", runs::add, Duration.ofMinutes(10));

    clock.advance(Duration.ofHours(1));

    List<ExecutionRecord> history = scheduler.getHistory("poll", 2);
    assertThat(history).hasSize(2);
    assertThat(history.get(0).scheduledTime()).isAfter(history.get(1).scheduledTime());
  }
}
