package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PendingClaimsTest {
  private final PendingClaims claims = new PendingClaims();

  @Test
  void a_write_does_not_wait_when_no_slot_waits_to_be_claimed() {
    claims.added(2);
    claims.done(2);

    long took = timed(() -> claims.yieldFrom(System.nanoTime()));

    assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void a_write_waits_until_the_slots_waiting_are_claimed() {
    claims.added(3);
    ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();
    try {
      long doneAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
      other.schedule(() -> claims.done(1), 20, TimeUnit.MILLISECONDS);
      other.schedule(() -> claims.done(2), 60, TimeUnit.MILLISECONDS);

      claims.yieldFrom(System.nanoTime());

      assertThat(System.nanoTime()).isGreaterThanOrEqualTo(doneAt);
      assertThat(claims.busy()).isFalse();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void a_write_waits_at_most_the_bound_after_it_was_queued() {
    claims.added(1); // never claimed

    long took = timed(() -> claims.yieldFrom(System.nanoTime()));
    long queuedLongAgo =
        timed(() -> claims.yieldFrom(System.nanoTime() - PendingClaims.MAX_YIELD.toNanos()));

    assertThat(Duration.ofNanos(took))
        .isGreaterThanOrEqualTo(PendingClaims.MAX_YIELD)
        .isLessThan(PendingClaims.MAX_YIELD.plusSeconds(5));
    assertThat(Duration.ofNanos(queuedLongAgo)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void an_interrupt_ends_the_wait_and_is_kept() {
    claims.added(1);
    Thread.currentThread().interrupt();
    try {
      long took = timed(() -> claims.yieldFrom(System.nanoTime()));

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofMillis(100));
    } finally {
      Thread.interrupted();
    }
  }

  private static long timed(Runnable work) {
    long t0 = System.nanoTime();
    work.run();
    return System.nanoTime() - t0;
  }
}
