package io.pipelinescheduler.internal.time;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps the local wall-clock times of a {@link WallClockTiming} to instants, keeping rule 1 of the
 * rules of time, for every fixed-time timing.
 *
 * <ul>
 *   <li>A local time in a daylight-saving gap fires once, moved later by the gap's length (the rule
 *       of {@link ZonedDateTime#of}); when that instant is also a fire time it fires once.
 *   <li>A local time that occurs twice fires at the first occurrence, and also at the second when
 *       the timing {@linkplain WallClockTiming#firesAtBothOccurrences() repeats hour by hour}.
 * </ul>
 *
 * <p>Because gap times are shifted later and second occurrences come after later-looking local
 * times, the mapping is not monotonic near a transition. The next fire is therefore the earliest
 * of: the first local time after {@code after}'s wall-clock time (skipping over gaps), and, for
 * each transition near {@code after}, the first shifted gap time or repeated time after it.
 * Stateless and thread-safe.
 */
final class WallClock {
  /** Longer than any offset change a zone has ever made (Pacific/Apia skipped a whole day). */
  private static final Duration TRANSITION_REACH = Duration.ofDays(2);

  /** Consecutive gaps crossed while looking for the first ordinary local time. */
  private static final int MAX_GAPS = 8;

  private WallClock() {}

  /**
   * The first fire instant of {@code timing} strictly after {@code after}, or empty when there is
   * none (or none representable).
   */
  static Optional<Instant> nextAfter(WallClockTiming timing, Instant after) {
    Objects.requireNonNull(after, "after");
    try {
      ZoneId zone = timing.zone();
      ZoneRules rules = zone.getRules();
      Instant best = firstByWallClock(timing, zone, rules, after);
      Instant limit = best != null ? best : after.plus(TRANSITION_REACH);
      ZoneOffsetTransition transition = rules.nextTransition(after.minus(TRANSITION_REACH));
      while (transition != null && transition.getInstant().isBefore(limit)) {
        Instant shiftedEnd = transition.getInstant().plus(transition.getDuration().abs());
        if (shiftedEnd.isAfter(after)) {
          best = earlier(best, firstShiftedOrRepeated(timing, transition, after));
          limit = best != null ? best : limit;
        }
        transition = rules.nextTransition(transition.getInstant());
      }
      return Optional.ofNullable(best);
    } catch (DateTimeException | ArithmeticException beyondTheCalendar) {
      return Optional.empty();
    }
  }

  /**
   * The first local time later on the wall clock than {@code after}, as an instant; a gap time
   * found on the way counts (shifted) but the search goes on past the gap, because the first
   * ordinary time after a gap maps to an earlier instant than the shifted gap times.
   */
  private static Instant firstByWallClock(
      WallClockTiming timing, ZoneId zone, ZoneRules rules, Instant after) {
    LocalDateTime cursor = wallClockStart(rules, zone, after);
    Instant best = null;
    for (int gaps = 0; gaps <= MAX_GAPS; gaps++) {
      Optional<LocalDateTime> next = timing.nextLocalAfter(cursor);
      if (next.isEmpty()) {
        break;
      }
      LocalDateTime local = next.get();
      best = earlier(best, ZonedDateTime.of(local, zone).toInstant());
      ZoneOffsetTransition gap = rules.getTransition(local);
      if (gap == null || !gap.isGap()) {
        break;
      }
      cursor = gap.getDateTimeAfter().minusNanos(1);
    }
    return best;
  }

  /**
   * The wall-clock time to search from. During the second occurrence of a repeated hour the
   * first-occurrence times ahead on the wall clock are already past, so the search starts at the
   * end of the repeated hour (repeated times are found through the transition instead).
   */
  private static LocalDateTime wallClockStart(ZoneRules rules, ZoneId zone, Instant after) {
    LocalDateTime local = LocalDateTime.ofInstant(after, zone);
    ZoneOffsetTransition transition = rules.getTransition(local);
    if (transition != null
        && transition.isOverlap()
        && rules.getOffset(after).equals(transition.getOffsetAfter())) {
      return transition.getDateTimeBefore().minusNanos(1);
    }
    return local;
  }

  /**
   * For a gap: the first gap time whose shifted instant is after {@code after}. For an overlap and
   * a timing that fires at both occurrences: the first second occurrence after {@code after}.
   */
  private static Instant firstShiftedOrRepeated(
      WallClockTiming timing, ZoneOffsetTransition transition, Instant after) {
    if (transition.isGap()) {
      // Local times in [before, after) of the gap map to local - offsetBefore.
      LocalDateTime from =
          later(
              transition.getDateTimeBefore().minusNanos(1),
              LocalDateTime.ofInstant(after, transition.getOffsetBefore()));
      return timing
          .nextLocalAfter(from)
          .filter(local -> local.isBefore(transition.getDateTimeAfter()))
          .map(local -> local.toInstant(transition.getOffsetBefore()))
          .orElse(null);
    }
    if (!timing.firesAtBothOccurrences()) {
      return null;
    }
    // Second occurrences: local times in [after, before) of the overlap with offsetAfter.
    LocalDateTime from =
        later(
            transition.getDateTimeAfter().minusNanos(1),
            LocalDateTime.ofInstant(after, transition.getOffsetAfter()));
    return timing
        .nextLocalAfter(from)
        .filter(local -> local.isBefore(transition.getDateTimeBefore()))
        .map(local -> local.toInstant(transition.getOffsetAfter()))
        .orElse(null);
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static LocalDateTime later(LocalDateTime a, LocalDateTime b) {
    return a.isAfter(b) ? a : b;
  }
}
