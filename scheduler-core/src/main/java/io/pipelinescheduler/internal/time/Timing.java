package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A schedule's timing: a pure function from an instant to the next fire instant strictly after it,
 * in a zone, keeping the rules of time of ARCHITECTURE.md. Immutable and thread-safe.
 */
public interface Timing {
  /** The kind of timing. */
  ScheduleType type();

  /** The definition as text, e.g. {@code 0 9 * * 1-5}, {@code PT30M}, {@code 09:00}. */
  String spec();

  /** Human-readable, e.g. "at 09:00, Monday through Friday". */
  String description();

  /** The zone wall-clock times are read in. */
  ZoneId zone();

  /** The first fire instant strictly after {@code after}, or empty when there is none. */
  Optional<Instant> nextAfter(Instant after);

  /**
   * The typical spacing of fires (a day for daily, the interval for intervals), used to size claim
   * tombstones; {@link Duration#ZERO} for once and manual.
   */
  Duration period();

  /**
   * The dates (read in {@link #zone()}) whose slots are skipped rather than run: a holiday
   * calendar. None by default.
   */
  default DateExclusions excluded() {
    return DateExclusions.NONE;
  }

  /** True when {@code slot} falls on an {@linkplain #excluded() excluded} date in the zone. */
  default boolean excludes(Instant slot) {
    DateExclusions excluded = excluded();
    return !excluded.isEmpty() && excluded.contains(Zoned.at(slot, zone()).toLocalDate());
  }

  /**
   * The first slot strictly after {@code after} that runs: like {@link #nextAfter}, leaving out the
   * slots on {@linkplain #excluded() excluded} dates. Empty when there is none.
   */
  default Optional<Instant> nextRunAfter(Instant after) {
    return nextAfter(after);
  }
}
