package io.pipelinescheduler.internal.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one notification per schedule within a window, counting those held back so that the next
 * one sent can say how many there were. Time comes from the scheduler's clock. Thread-safe.
 */
final class RateLimit {
  /** Returned by {@link #admit} for a notification held back. */
  static final long HELD_BACK = -1;

  private record Window(Instant lastSent, long heldBack) {}

  private final Duration minInterval;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  RateLimit(Duration minInterval, Clock clock) {
    this.minInterval = minInterval;
    this.clock = clock;
  }

  /**
   * Admits a notification about {@code schedule} now, or holds it back.
   *
   * @return {@link #HELD_BACK} when one was sent less than the minimum interval ago, else how many
   *     were held back since the last one sent (0 for the first)
   */
  long admit(String schedule) {
    long[] result = new long[1];
    windows.compute(
        schedule,
        (name, window) -> {
          Instant now = clock.instant();
          if (window != null && now.isBefore(window.lastSent().plus(minInterval))) {
            result[0] = HELD_BACK;
            return new Window(window.lastSent(), window.heldBack() + 1);
          }
          result[0] = window == null ? 0 : window.heldBack();
          return new Window(now, 0);
        });
    return result[0];
  }

  /** Forgets the schedule's window (the schedule was removed). */
  void forget(String schedule) {
    windows.remove(schedule);
  }

  Duration minInterval() {
    return minInterval;
  }
}
