package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A move of the settable clock returns only once everything it fired has run, also when the runs
 * hand work on to each other: each FIRE_ALL catch-up run that ends starts the next one (a claim on
 * its way while the run that sent it leaves), many times over.
 */
class SettableClockSettlesTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");
  private static final int JUMPS = 150;
  private static final int SLOTS_PER_JUMP = 100;

  @Test
  void every_fire_all_catch_up_run_has_run_when_each_jump_of_the_clock_returns() {
    SettableClock clock = new SettableClock(START);
    AtomicInteger runs = new AtomicInteger();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .persistSchedules(false)
                .clock(clock)
                .fireAllLimit(200)
                .meterRegistry(new SimpleMeterRegistry())
                .build())) {
      scheduler
          .schedule("catch-up")
          .every(Duration.ofMinutes(1))
          .misfire(MisfirePolicy.FIRE_ALL)
          .overlap(OverlapPolicy.ALLOW)
          .run(context -> runs.incrementAndGet());
      scheduler.start();

      for (int jump = 1; jump <= JUMPS; jump++) {
        clock.set(clock.instant().plus(Duration.ofMinutes(SLOTS_PER_JUMP)));

        assertThat(runs.get())
            .as("runs when jump %d returned", jump)
            .isEqualTo(jump * SLOTS_PER_JUMP);
      }
    }
  }
}
