package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.InvalidScheduleException;
import java.time.Duration;
import java.time.Instant;

/**
 * The range of instants and durations a schedule may be defined with. Every store holds instants as
 * microseconds since 1970 and the timer converts waits to nanoseconds, so values far outside these
 * bounds would fail late (in the store, or in the timer); within them all arithmetic is exact.
 */
public final class TimeLimits {
  /** The earliest instant a schedule may name: {@code 1970-01-01T00:00:00Z}. */
  public static final Instant EARLIEST = Instant.EPOCH;

  /** The latest instant a schedule may name: {@code 9999-12-31T23:59:59Z}. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** The shortest interval and timeout: one millisecond. */
  public static final Duration MIN_DURATION = Duration.ofMillis(1);

  /** The longest interval, timeout and retry delay: 36,500 days (about 100 years). */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  private TimeLimits() {}

  /**
   * Returns {@code value} when it lies in [{@link #EARLIEST}, {@link #LATEST}].
   *
   * @param what how the value is shown, e.g. {@code once at} or {@code startAt}
   * @throws InvalidScheduleException naming the schedule, the value and the range
   */
  public static Instant requireInRange(String name, String what, Instant value) {
    if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
      throw new InvalidScheduleException(
          name,
          what + " " + value + " is outside the supported range " + EARLIEST + " to " + LATEST);
    }
    return value;
  }

  /**
   * Returns {@code value} when it lies in [{@code min}, {@link #MAX_DURATION}].
   *
   * @param what how the value is shown, e.g. {@code interval} or {@code timeout}
   * @param min {@link #MIN_DURATION}, or zero where zero means "at once"
   * @throws InvalidScheduleException naming the schedule, the value and the limit it breaks
   */
  public static Duration requireInRange(String name, String what, Duration value, Duration min) {
    if (value.compareTo(min) < 0) {
      throw new InvalidScheduleException(
          name,
          what
              + " "
              + value
              + (min.isZero()
                  ? " must not be negative"
                  : " is shorter than the minimum of " + min + " (1 millisecond)"));
    }
    if (value.compareTo(MAX_DURATION) > 0) {
      throw new InvalidScheduleException(
          name,
          what + " " + value + " is longer than the maximum of " + MAX_DURATION + " (36500 days)");
    }
    return value;
  }
}
