package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** How the engine reacts when a lock backend says a running run's claim was lost. */
class LeaseLostTest {
  /** A backend whose claims are lost as soon as {@code lose} is set, like a failed renewal. */
  private static final class LosingBackend implements LockBackend {
    final AtomicBoolean lose = new AtomicBoolean();

    @Override
    public String name() {
      return "losing";
    }

    @Override
    public Optional<SlotLock> tryClaim(SlotClaim claim) {
      return Optional.of(
          new SlotLock() {
            @Override
            public void release() {}

            @Override
            public boolean isLost() {
              return lose.get();
            }
          });
    }
  }

  @Test
  void a_run_whose_lease_is_lost_is_told_through_is_cancelled_and_health_turns_degraded()
      throws Exception {
    SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
    LosingBackend backend = new LosingBackend();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SchedulerConfig config =
        TestSchedulers.config(clock)
            .distributed(true)
            .lockBackend(backend)
            .meterRegistry(meters)
            .build();
    AtomicBoolean sawCancelled = new AtomicBoolean();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.start();
      scheduler.scheduleInterval(
          "long",
          context -> {
            backend.lose.set(true);
            sawCancelled.set(context.isCancelled());
          },
          Duration.ofMinutes(1));

      clock.advance(Duration.ofMinutes(1));

      assertThat(sawCancelled).isTrue();
      HealthStatus health = scheduler.healthCheck();
      assertThat(health.status()).isEqualTo(Health.DEGRADED);
      assertThat(health.details().get("lastError").toString()).contains("lease renewal");
      assertThat(meters.get("pipeline.scheduler.leases.lost").counter().count()).isEqualTo(1.0);
    }
  }
}
