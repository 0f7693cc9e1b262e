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
}
