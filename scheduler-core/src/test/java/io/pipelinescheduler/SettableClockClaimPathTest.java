package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 4: the engine has no test mode. Under a settable clock a due slot is claimed where
 * it is claimed on the system clock (in memory: by the worker that then runs it), not on the thread
 * that moves the clock, and {@link SettableClock#advance} still returns only once that run ended.
 */
class SettableClockClaimPathTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");

  @Test
  void
      in_memory_a_slot_due_under_a_settable_clock_is_claimed_on_a_worker_like_on_the_system_clock() {
    SettableClock clock = new SettableClock(START);
    List<String> claimThreads = new CopyOnWriteArrayList<>();
    List<String> jobThreads = new CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .persistSchedules(false)
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .build())) {
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onClaim(String schedule, Instant slot, boolean won) {
              claimThreads.add(Thread.currentThread().getName());
            }
          });
      scheduler
          .schedule("hourly")
          .hourly(0)
          .run(context -> jobThreads.add(Thread.currentThread().getName()));
      scheduler.start();

      clock.advance(Duration.ofHours(2));

      assertThat(jobThreads).hasSize(2);
      assertThat(claimThreads)
          .hasSize(2)
          .allMatch(name -> name.startsWith("pipeline-scheduler-worker-"));
      assertThat(claimThreads).isEqualTo(jobThreads);
      assertThat(scheduler.getHistory("hourly", 10))
          .hasSize(2)
          .allMatch(run -> run.status() == ExecutionStatus.SUCCEEDED);
    }
  }
}
