package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Reaping others' runs waits, after the store could not be reached, until this instance has reached
 * it again for a whole heartbeat timeout; a call that took longer than three heartbeat intervals
 * (at most half the timeout) counts as contact only from when the store answered it.
 */
class ReapGateTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final long QUICK = Duration.ofMillis(5).toNanos();
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  private final ReapGate gate = new ReapGate(TIMEOUT, INTERVAL);

  private boolean reachedQuickly(Instant at) {
    return gate.mayReap(at, at, QUICK);
  }

  @Test
  void with_no_failure_reaping_goes_on() {
    assertThat(reachedQuickly(T0)).isTrue();
  }

  @Test
  void after_a_failure_reaping_waits_a_timeout_of_reaching_the_store() {
    gate.storeFailed();

    assertThat(reachedQuickly(T0)).isFalse();
    assertThat(reachedQuickly(T0.plusSeconds(4))).isFalse();
    assertThat(reachedQuickly(T0.plus(TIMEOUT))).isTrue();
    assertThat(reachedQuickly(T0.plusSeconds(60))).isTrue();
  }

  @Test
  void the_clock_moving_on_while_quick_calls_reach_the_store_counts_as_contact() {
    gate.storeFailed();
    assertThat(reachedQuickly(T0)).isFalse();

    assertThat(gate.mayReap(T0.plusSeconds(1), T0.plusSeconds(11), QUICK)).isTrue();
  }

  @Test
  void a_call_that_waited_through_an_outage_and_then_succeeded_starts_the_wait_anew() {
    // Reached once as the outage began; the next call began then too, waited for a connection
    // through the outage and succeeded: others' heartbeats may have waited as long.
    gate.storeFailed();
    assertThat(reachedQuickly(T0)).isFalse();

    long waited = Duration.ofSeconds(2).toNanos();
    assertThat(gate.mayReap(T0, T0.plusSeconds(30), waited)).isFalse();
    assertThat(reachedQuickly(T0.plusSeconds(33))).isFalse();
    assertThat(reachedQuickly(T0.plusSeconds(35))).isTrue();
  }

  @Test
  void a_slow_call_is_judged_against_half_the_timeout_when_that_is_shorter() {
    ReapGate slowBeats = new ReapGate(TIMEOUT, Duration.ofSeconds(2)); // 3 beats: 6 s > 2.5 s
    slowBeats.storeFailed();
    assertThat(slowBeats.mayReap(T0, T0, QUICK)).isFalse();

    long waited = Duration.ofSeconds(3).toNanos();
    assertThat(slowBeats.mayReap(T0, T0.plusSeconds(30), waited)).isFalse();
    assertThat(slowBeats.mayReap(T0.plusSeconds(35), T0.plusSeconds(35), QUICK)).isTrue();
  }

  @Test
  void a_failure_while_waiting_starts_the_wait_anew() {
    gate.storeFailed();
    assertThat(reachedQuickly(T0)).isFalse();
    gate.storeFailed();

    assertThat(reachedQuickly(T0.plusSeconds(4))).isFalse();
    assertThat(reachedQuickly(T0.plusSeconds(6))).isFalse();
    assertThat(reachedQuickly(T0.plusSeconds(9))).isTrue();
  }
}
