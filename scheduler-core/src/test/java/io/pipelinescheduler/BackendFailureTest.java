package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the engine does while the lock backend cannot be reached, and after it is back. */
class BackendFailureTest {
  /** A lock backend that can be switched off, as when its server is down. */
  private static final class SwitchableBackend implements LockBackend {
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public String name() {
      return "switchable";
    }

    @Override
    public Optional<SlotLock> tryClaim(SlotClaim claim) {
      if (down.get()) {
        throw new SchedulerException("switchable: connection refused");
      }
      return Optional.of(() -> {});
    }
  }

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final SwitchableBackend backend = new SwitchableBackend();
  private final PipelineScheduler scheduler =
      PipelineScheduler.create(
          TestSchedulers.config(clock).distributed(true).lockBackend(backend).build());
  private final List<JobContext> runs = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void no_run_starts_without_its_claim_and_the_slot_runs_once_the_backend_is_back() {
    scheduler.start();
    scheduler.scheduleInterval("poll", runs::add, Duration.ofMinutes(10));
    backend.down.set(true);

    clock.advance(Duration.ofMinutes(10).plusSeconds(5));
    assertThat(runs).isEmpty();
    assertThat(scheduler.healthCheck().status()).isEqualTo(Health.DEGRADED);
    backend.down.set(false);
    clock.advance(Duration.ofSeconds(30));

    assertThat(runs)
        .extracting(JobContext::scheduledTime, JobContext::trigger)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2026-03-09T08:10:00Z"), Trigger.SCHEDULED));
    assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);
  }

  @Test
  void a_slot_missed_during_a_long_outage_follows_the_misfire_policy_on_recovery() {
    scheduler.start();
    scheduler.scheduleInterval("poll", runs::add, Duration.ofMinutes(10));
    backend.down.set(true);

    clock.advance(Duration.ofMinutes(15));
    backend.down.set(false);
    clock.advance(Duration.ofMinutes(1));

    assertThat(runs)
        .extracting(JobContext::scheduledTime, JobContext::trigger)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2026-03-09T08:10:00Z"), Trigger.CATCH_UP));
  }
}
