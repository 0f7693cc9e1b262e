package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 4: the engine has no test mode. On a real SQLite file under a settable clock, due
 * slots are claimed by the claim thread and ahead of their slot, as on the system clock, and {@link
 * SettableClock#advance} returns once their runs are recorded.
 */
class SettableClockClaimPathTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  @Test
  void with_a_store_slots_due_under_a_settable_clock_are_claimed_ahead_on_the_claim_thread() {
    SettableClock clock = new SettableClock(START);
    List<String> claimThreads = new CopyOnWriteArrayList<>();
    List<Instant> claimedAt = new CopyOnWriteArrayList<>();
    List<Instant> startedAt = new CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbPath(directory.resolve("scheduler.db"))
                .clock(clock)
                .claimAhead(Duration.ofSeconds(2))
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("claim-path")
                .build())) {
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onClaim(String schedule, Instant slot, boolean won) {
              claimThreads.add(Thread.currentThread().getName());
              claimedAt.add(clock.instant());
            }
          });
      scheduler.schedule("hourly").hourly(0).run(context -> startedAt.add(clock.instant()));
      scheduler.start();

      clock.advance(Duration.ofHours(2));

      Instant nine = Instant.parse("2026-03-09T09:00:00Z");
      Instant ten = Instant.parse("2026-03-09T10:00:00Z");
      assertThat(claimThreads)
          .containsExactly("pipeline-scheduler-claims", "pipeline-scheduler-claims");
      assertThat(claimedAt).containsExactly(nine.minusSeconds(2), ten.minusSeconds(2));
      assertThat(startedAt).containsExactly(nine, ten);
      List<ExecutionRecord> history = scheduler.getHistory("hourly", 10);
      assertThat(history).hasSize(2).allMatch(run -> run.status() == ExecutionStatus.SUCCEEDED);
    }
  }

  @Test
  void a_run_claimed_ahead_never_starts_before_its_slot_when_the_scheduler_stops() {
    SettableClock clock = new SettableClock(START);
    List<Instant> startedAt = new CopyOnWriteArrayList<>();
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbPath(directory.resolve("scheduler.db"))
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("claim-path")
                .shutdownGrace(Duration.ofSeconds(5))
                .build());
    try (scheduler) {
      scheduler.schedule("hourly").hourly(0).run(context -> startedAt.add(clock.instant()));
      scheduler.start();
      clock.advance(Duration.ofMinutes(59).plusSeconds(59).plusMillis(900)); // claimed ahead
      assertThat(scheduler.getHistory("hourly", 10))
          .singleElement()
          .extracting(ExecutionRecord::status)
          .isEqualTo(ExecutionStatus.QUEUED);
    }

    assertThat(startedAt).isEmpty();
    try (PipelineScheduler reopened =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbPath(directory.resolve("scheduler.db"))
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("claim-path")
                .build())) {
      ExecutionRecord run = reopened.getHistory("hourly", 10).get(0);
      assertThat(run.status()).isEqualTo(ExecutionStatus.CANCELLED);
      assertThat(run.error()).contains("before the run's slot 2026-03-09T09:00:00Z came");
    }
  }
}
