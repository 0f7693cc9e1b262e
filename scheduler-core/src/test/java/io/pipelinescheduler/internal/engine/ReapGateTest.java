package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Reaping others' runs waits, after the store could not be reached, until this instance has reached
 * it again for a whole heartbeat timeout (scheduler's clock), counted from the first reach after a
 * pause of more than three heartbeat intervals (real time) between two reaches.
 */
class ReapGateTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  private final AtomicLong nanos = new AtomicLong();
  private final ReapGate gate = new ReapGate(TIMEOUT, INTERVAL, nanos::get);

  /** The store answered at {@code at} on the scheduler's clock, one heartbeat after the last. */
  private boolean reachedOnTime(Instant at) {
    nanos.addAndGet(INTERVAL.toNanos());
    return gate.mayReap(at);
  }

  @Test
  void with_no_failure_reaping_goes_on() {
    assertThat(gate.mayReap(T0)).isTrue();
  }

  @Test
  void after_a_failure_reaping_waits_a_timeout_of_reaching_the_store() {
    gate.storeFailed();

    assertThat(reachedOnTime(T0)).isFalse();
    assertThat(reachedOnTime(T0.plusSeconds(4))).isFalse();
    assertThat(reachedOnTime(T0.plus(TIMEOUT))).isTrue();
    assertThat(reachedOnTime(T0.plusSeconds(60))).isTrue();
  }

  @Test
  void the_clock_moving_on_while_the_store_is_reached_every_beat_counts() {
    gate.storeFailed();
    assertThat(reachedOnTime(T0)).isFalse();

    assertThat(reachedOnTime(T0.plusSeconds(11))).isTrue();
  }

  @Test
  void a_call_that_waited_through_an_outage_and_then_succeeded_starts_the_wait_anew() {
    // Reached once as the outage began; the next call waited (for a connection) through the
    // outage and succeeded: others' heartbeats may have waited as long.
    gate.storeFailed();
    assertThat(reachedOnTime(T0)).isFalse();

    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(gate.mayReap(T0.plusSeconds(30))).isFalse();
    assertThat(reachedOnTime(T0.plusSeconds(33))).isFalse();
    assertThat(reachedOnTime(T0.plusSeconds(35))).isTrue();
  }

  @Test
  void a_failure_while_waiting_starts_the_wait_anew() {
    gate.storeFailed();
    assertThat(reachedOnTime(T0)).isFalse();
    gate.storeFailed();

    assertThat(reachedOnTime(T0.plusSeconds(4))).isFalse();
    assertThat(reachedOnTime(T0.plusSeconds(6))).isFalse();
    assertThat(reachedOnTime(T0.plusSeconds(9))).isTrue();
  }
}
