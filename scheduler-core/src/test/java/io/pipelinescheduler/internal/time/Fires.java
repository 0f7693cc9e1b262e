package io.pipelinescheduler.internal.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Test helpers: the fires of a timing over a range, and instants written with their offset. */
final class Fires {
  private Fires() {}

  /**
   * Every fire strictly after {@code from} and strictly before {@code until}, in order.
   *
   * @throws AssertionError when a fire is not strictly after the instant it was asked after
   */
  static List<Instant> between(Timing timing, Instant from, Instant until) {
    List<Instant> fires = new ArrayList<>();
    Optional<Instant> next = nextChecked(timing, from);
    while (next.isPresent() && next.get().isBefore(until)) {
      fires.add(next.get());
      next = nextChecked(timing, next.get());
    }
    return fires;
  }

  /**
   * The first {@code count} fires strictly after {@code from}.
   *
   * @throws AssertionError when a fire is not strictly after the instant it was asked after
   */
  static List<Instant> next(Timing timing, Instant from, int count) {
    List<Instant> fires = new ArrayList<>();
    Optional<Instant> next = nextChecked(timing, from);
    while (next.isPresent() && fires.size() < count) {
      fires.add(next.get());
      next = nextChecked(timing, next.get());
    }
    return fires;
  }

  private static Optional<Instant> nextChecked(Timing timing, Instant after) {
    Optional<Instant> next = timing.nextAfter(after);
    if (next.isPresent() && !next.get().isAfter(after)) {
      throw new AssertionError(timing + " fired at " + next.get() + ", not after " + after);
    }
    return next;
  }

  /** An instant from ISO text with an offset, e.g. {@code 2026-03-08T03:30-04:00}. */
  static Instant at(String isoWithOffset) {
    return OffsetDateTime.parse(isoWithOffset).toInstant();
  }

  /** Instants from ISO texts with offsets. */
  static List<Instant> at(String... isoWithOffset) {
    List<Instant> instants = new ArrayList<>();
    for (String text : isoWithOffset) {
      instants.add(at(text));
    }
    return instants;
  }
}
