package io.pipelinescheduler.internal.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A fixed-time timing: a sequence of local wall-clock date-times, turned into instants in its zone
 * by {@link WallClock}, which keeps rule 1 of the rules of time (gaps and repeated hours).
 */
interface WallClockTiming extends Timing {

  /**
   * The first wall-clock date-time of the sequence strictly after {@code after}, ignoring any zone,
   * or empty when the sequence has no later element.
   */
  Optional<LocalDateTime> nextLocalAfter(LocalDateTime after);

  /**
   * Whether the schedule repeats within the hour or hour by hour, so that a local time occurring
   * twice (fall-back) fires at both occurrences; when false it fires at the first one only.
   */
  boolean firesAtBothOccurrences();

  @Override
  default Optional<Instant> nextAfter(Instant after) {
    return WallClock.nextAfter(this, after);
  }
}
