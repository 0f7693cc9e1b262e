package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.HeldClaim;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slots claimed ahead (a real SQLite file, real time): the run is recorded before its slot, starts
 * no earlier than its slot, runs at its slot when the scheduler stops shortly before it (it is in
 * flight), and ends CANCELLED when its schedule is disabled in between or the slot lies beyond the
 * shutdown grace, so that no record is left RUNNING.
 */
class ClaimAheadTest {
  private static final Duration AHEAD = Duration.ofSeconds(30);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path directory;

  private final List<Instant> starts = new CopyOnWriteArrayList<>();

  private SchedulerConfig config() {
    return config(Duration.ofSeconds(1));
  }

  private SchedulerConfig config(Duration shutdownGrace) {
    return SchedulerConfig.builder()
        .dbPath(directory.resolve("ahead.db"))
        .meterRegistry(new SimpleMeterRegistry())
        .instanceId("a")
        .claimAhead(AHEAD)
        .shutdownGrace(shutdownGrace)
        .build();
  }

  private PipelineScheduler startedWithOnceIn(Duration delay, Instant[] slot) {
    return startedWithOnceIn(delay, slot, config());
  }

  private PipelineScheduler startedWithOnceIn(
      Duration delay, Instant[] slot, SchedulerConfig config) {
    PipelineScheduler scheduler = PipelineScheduler.create(config);
    scheduler.start();
    slot[0] = Instant.now().plus(delay).truncatedTo(ChronoUnit.MILLIS);
    scheduler.schedule("report").once(slot[0]).run(ctx -> starts.add(Instant.now()));
    return scheduler;
  }

  private static ExecutionRecord onlyRun(PipelineScheduler scheduler) {
    List<ExecutionRecord> history = scheduler.getHistory("report", 10);
    assertThat(history).hasSize(1);
    return history.get(0);
  }

  @Test
  void a_run_cancelled_while_its_claim_is_being_recorded_ends_cancelled_and_never_runs()
      throws InterruptedException {
    // The claim thread is held between the QUEUED record's insert and the run's hand-over (the
    // claim's listener call): the moment in which cancel used to answer false.
    HeldClaim claim = new HeldClaim();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config())) {
      scheduler.addListener(claim);
      scheduler.start();
      Instant slot = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
      scheduler.schedule("report").once(slot).run(ctx -> starts.add(Instant.now()));
      assertThat(claim.awaitRecorded(WAIT)).isTrue();
      ExecutionRecord queued = onlyRun(scheduler);
      assertThat(queued.status()).isEqualTo(ExecutionStatus.QUEUED);

      boolean cancelled = scheduler.cancel(queued.runId());
      claim.release();

      assertThat(cancelled).isTrue();
      await().atMost(WAIT).until(() -> onlyRun(scheduler).status() == ExecutionStatus.CANCELLED);
      assertThat(onlyRun(scheduler).error()).isEqualTo("cancelled before it started");
      // A one-shot just after the slot: once it has run, the cancelled slot has passed too.
      CountDownLatch later = new CountDownLatch(1);
      scheduler.schedule("later").once(slot.plusMillis(100)).run(ctx -> later.countDown());
      assertThat(later.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(starts).isEmpty();
      assertThat(onlyRun(scheduler).status()).isEqualTo(ExecutionStatus.CANCELLED);
    }
  }

  @Test
  void a_slot_is_recorded_queued_ahead_of_time_and_its_run_starts_no_earlier_than_the_slot() {
    Instant[] slot = new Instant[1];
    try (PipelineScheduler scheduler = startedWithOnceIn(Duration.ofSeconds(3), slot)) {
      await().atMost(WAIT).until(() -> !scheduler.getHistory("report", 10).isEmpty());
      Instant seen = Instant.now();
      ExecutionRecord claimed = onlyRun(scheduler);

      await().atMost(WAIT).until(() -> onlyRun(scheduler).status() == ExecutionStatus.SUCCEEDED);

      assertThat(seen).isBefore(slot[0]);
      assertThat(claimed.status()).isEqualTo(ExecutionStatus.QUEUED);
      assertThat(claimed.scheduledTime()).isEqualTo(slot[0]);
      assertThat(starts).hasSize(1);
      assertThat(starts.get(0)).isAfterOrEqualTo(slot[0]);
      assertThat(onlyRun(scheduler).startedAt()).isAfterOrEqualTo(slot[0]);
    }
  }

  @Test
  void a_schedule_disabled_after_its_slot_was_claimed_ends_that_run_cancelled_without_running() {
    Instant[] slot = new Instant[1];
    try (PipelineScheduler scheduler = startedWithOnceIn(Duration.ofSeconds(2), slot)) {
      await().atMost(WAIT).until(() -> !scheduler.getHistory("report", 10).isEmpty());

      scheduler.disable("report");

      await().atMost(WAIT).until(() -> onlyRun(scheduler).status().isFinal());
      ExecutionRecord run = onlyRun(scheduler);
      assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(run.error()).contains("disabled or removed before the run started");
      assertThat(starts).isEmpty();
    }
  }

  @Test
  void cancelling_a_run_claimed_ahead_ends_it_cancelled_and_it_never_runs() {
    Instant[] slot = new Instant[1];
    try (PipelineScheduler scheduler = startedWithOnceIn(Duration.ofSeconds(2), slot)) {
      await().atMost(WAIT).until(() -> !scheduler.getHistory("report", 10).isEmpty());
      String runId = onlyRun(scheduler).runId();

      boolean cancelled = scheduler.cancel(runId);

      await().atMost(WAIT).until(() -> onlyRun(scheduler).status().isFinal());
      assertThat(cancelled).isTrue();
      assertThat(onlyRun(scheduler).status()).isEqualTo(ExecutionStatus.CANCELLED);
      List<Instant> later = new CopyOnWriteArrayList<>();
      scheduler
          .schedule("later")
          .once(slot[0].plusMillis(500))
          .run(ctx -> later.add(Instant.now()));
      await().atMost(WAIT).until(() -> !later.isEmpty());
      assertThat(starts).isEmpty();
    }
  }

  @Test
  void re_registering_with_the_same_timing_before_a_claimed_slot_runs_the_new_job_at_the_slot() {
    Instant[] slot = new Instant[1];
    List<String> ran = new CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler = startedWithOnceIn(Duration.ofSeconds(3), slot)) {
      await().atMost(WAIT).until(() -> !scheduler.getHistory("report", 10).isEmpty());

      scheduler.schedule("report").once(slot[0]).run(ctx -> ran.add("new"));

      await().atMost(WAIT).until(() -> onlyRun(scheduler).status() == ExecutionStatus.SUCCEEDED);
      assertThat(ran).containsExactly("new");
      assertThat(starts).isEmpty();
    }
  }

  @Test
  void re_registering_with_another_timing_before_a_claimed_slot_cancels_that_run() {
    Instant[] slot = new Instant[1];
    try (PipelineScheduler scheduler = startedWithOnceIn(Duration.ofSeconds(2), slot)) {
      await().atMost(WAIT).until(() -> !scheduler.getHistory("report", 10).isEmpty());

      scheduler.schedule("report").once(slot[0].plusSeconds(3600)).run(ctx -> starts.add(null));

      await().atMost(WAIT).until(() -> onlyRun(scheduler).status().isFinal());
      ExecutionRecord run = onlyRun(scheduler);
      assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(run.error()).contains("replaced with another timing");
      assertThat(starts).isEmpty();
    }
  }

  @Test
  void stopping_shortly_before_a_claimed_slot_runs_it_at_its_slot_within_the_shutdown_grace() {
    Instant[] slot = new Instant[1];
    try (PipelineScheduler scheduler =
        startedWithOnceIn(Duration.ofSeconds(2), slot, config(Duration.ofSeconds(20)))) {
      await().atMost(WAIT).until(() -> !scheduler.getHistory("report", 10).isEmpty());

      scheduler.stop();

      ExecutionRecord run = onlyRun(scheduler);
      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(starts).hasSize(1);
      assertThat(starts.get(0)).isAfterOrEqualTo(slot[0]);
    }
  }

  @Test
  void stopping_long_before_a_claimed_slot_ends_its_run_cancelled_and_leaves_nothing_running() {
    Instant[] slot = new Instant[1];
    try (PipelineScheduler scheduler = startedWithOnceIn(Duration.ofSeconds(10), slot)) {
      await().atMost(WAIT).until(() -> !scheduler.getHistory("report", 10).isEmpty());

      scheduler.stop();

      ExecutionRecord run = onlyRun(scheduler);
      assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(run.error()).contains("scheduler stopped before the run's slot");
    }
    try (PipelineScheduler reopened = PipelineScheduler.create(config())) {
      assertThat(reopened.getHistory("report", 10))
          .extracting(ExecutionRecord::status)
          .containsExactly(ExecutionStatus.CANCELLED);
      assertThat(starts).isEmpty();
    }
  }
}
