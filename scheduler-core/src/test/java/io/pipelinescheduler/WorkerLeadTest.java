package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.internal.engine.EngineTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * In memory a due slot goes to a worker a lead ahead of it ({@link EngineTime#workerLead()}): the
 * worker claims and records it, waits for the slot itself and runs it then, never before. Real
 * time, with a lead of 500 ms (the system's is a few milliseconds) so that "ahead" is far larger
 * than any stall of the machine.
 */
class WorkerLeadTest {
  private static final Duration LEAD = Duration.ofMillis(500);
  private static final Duration MAX_TIMER_SLEEP = Duration.ofMillis(50);

  @Test
  void a_slot_is_claimed_a_lead_ahead_and_its_run_starts_at_the_slot_not_before()
      throws InterruptedException {
    try (PipelineScheduler scheduler = inMemoryWithLead()) {
      Instant slot = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      AtomicReference<Instant> started = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);
      scheduler
          .schedule("lead")
          .once(slot)
          .run(
              context -> {
                started.set(Instant.now());
                ran.countDown();
              });
      scheduler.start();

      await()
          .pollInterval(Duration.ofMillis(5))
          .atMost(Duration.ofSeconds(10))
          .until(() -> !scheduler.getHistory("lead", 1).isEmpty());
      Instant recorded = Instant.now();

      assertThat(recorded).isBefore(slot);
      assertThat(scheduler.getHistory("lead", 1).get(0).status()).isEqualTo(ExecutionStatus.QUEUED);
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(started.get()).isAfterOrEqualTo(slot);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                ExecutionRecord run = scheduler.getHistory("lead", 1).get(0);
                assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(run.startedAt()).isAfterOrEqualTo(slot);
              });
    }
  }

  @Test
  void a_run_cancelled_while_its_worker_waits_for_the_slot_ends_cancelled_and_never_runs()
      throws InterruptedException {
    try (PipelineScheduler scheduler = inMemoryWithLead()) {
      Instant slot = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      CountDownLatch ran = new CountDownLatch(1);
      scheduler.schedule("cancelled").once(slot).run(context -> ran.countDown());
      scheduler.start();
      await()
          .pollInterval(Duration.ofMillis(5))
          .atMost(Duration.ofSeconds(10))
          .until(() -> !scheduler.getHistory("cancelled", 1).isEmpty());

      String runId = scheduler.getHistory("cancelled", 1).get(0).runId();
      assertThat(scheduler.cancel(runId)).isTrue();

      assertThat(
              ran.await(
                  Duration.between(Instant.now(), slot).toMillis() + 300, TimeUnit.MILLISECONDS))
          .isFalse();
      List<ExecutionRecord> history = scheduler.getHistory("cancelled", 5);
      assertThat(history).hasSize(1);
      assertThat(history.get(0).status()).isEqualTo(ExecutionStatus.CANCELLED);
    }
  }

  @Test
  void a_clock_set_back_while_a_worker_waits_does_not_start_the_run_before_its_slot()
      throws InterruptedException {
    LeadClock clock = new LeadClock(LEAD);
    try (PipelineScheduler scheduler = inMemory(clock, Duration.ofSeconds(30))) {
      Instant slot = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      AtomicReference<Instant> started = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(1);
      scheduler
          .schedule("set-back")
          .once(slot)
          .run(
              context -> {
                started.set(clock.instant());
                ran.countDown();
              });
      scheduler.start();
      awaitRecord(scheduler, "set-back");

      clock.offset = Duration.ofSeconds(-10);

      // Past the slot and the worker's longest wait (three leads) in real time: not run.
      assertThat(
              ran.await(
                  Duration.between(Instant.now(), slot).plus(LEAD.multipliedBy(4)).toMillis(),
                  TimeUnit.MILLISECONDS))
          .isFalse();
      clock.offset = Duration.ZERO;
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(started.get()).isAfterOrEqualTo(slot);
    }
  }

  @Test
  void a_stop_while_a_worker_waits_for_the_slot_ends_the_run_cancelled_unstarted()
      throws InterruptedException {
    try (PipelineScheduler scheduler = inMemory(new LeadClock(LEAD), Duration.ZERO)) {
      Instant slot = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
      CountDownLatch ran = new CountDownLatch(1);
      scheduler.schedule("stopped").once(slot).run(context -> ran.countDown());
      scheduler.start();
      awaitRecord(scheduler, "stopped");

      scheduler.stop();

      assertThat(
              ran.await(
                  Duration.between(Instant.now(), slot).toMillis() + 300, TimeUnit.MILLISECONDS))
          .isFalse();
      ExecutionRecord run = scheduler.getHistory("stopped", 1).get(0);
      assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(run.error()).isEqualTo("scheduler stopped before the run's slot came");
    }
  }

  @Test
  void a_clock_moved_by_hand_has_no_lead() {
    assertThat(new io.pipelinescheduler.testing.SettableClock(Instant.EPOCH).workerLead()).isZero();
  }

  private static PipelineScheduler inMemoryWithLead() {
    return inMemory(new LeadClock(LEAD), Duration.ofSeconds(30));
  }

  private static PipelineScheduler inMemory(LeadClock clock, Duration shutdownGrace) {
    return PipelineScheduler.create(
        SchedulerConfig.builder()
            .persistSchedules(false)
            .clock(clock)
            .shutdownGrace(shutdownGrace)
            .build());
  }

  /** Waits until the schedule's run is recorded (claimed a lead before its slot). */
  private static void awaitRecord(PipelineScheduler scheduler, String name) {
    await()
        .pollInterval(Duration.ofMillis(5))
        .atMost(Duration.ofSeconds(10))
        .until(() -> !scheduler.getHistory(name, 1).isEmpty());
  }

  /** The system clock, as the engine meets it, but with a lead the test can see. */
  private static final class LeadClock extends Clock implements EngineTime {
    private final EngineTime system = EngineTime.of(Clock.systemUTC());
    private final Duration lead;
    volatile Duration offset = Duration.ZERO;

    LeadClock(Duration lead) {
      this.lead = lead;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Duration timerSleep(Instant now, Instant due) {
      // Short, so that the timer sees the offset set back to zero soon.
      Duration sleep = system.timerSleep(now, due);
      return sleep.compareTo(MAX_TIMER_SLEEP) < 0 ? sleep : MAX_TIMER_SLEEP;
    }

    @Override
    public Duration workerLead() {
      return lead;
    }

    @Override
    public void handOff(int delta) {
      system.handOff(delta);
    }

    @Override
    public void runEnding() {
      system.runEnding();
    }

    @Override
    public void runEnded() {
      system.runEnded();
    }

    @Override
    public void attach(Driven engine) {
      system.attach(engine);
    }

    @Override
    public void detach(Driven engine) {
      system.detach(engine);
    }
  }
}
