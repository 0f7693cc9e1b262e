package io.pipelinescheduler.internal.time;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The slots of {@code timing}, of which those on an {@code excluded} date (read in the timing's
 * zone) are skipped rather than run. {@link #nextAfter} still yields them, so that the engine
 * reaches each one and reports it skipped; {@link #nextRunAfter} leaves them out. Type, spec, zone
 * and period are those of the wrapped timing. Immutable.
 */
record ExcludingTiming(Timing timing, DateExclusions excluded) implements WrappingTiming {
  /**
   * How many excluded days in a row {@link #nextRunAfter} steps over before it gives up: far more
   * than any holiday calendar has (a yearly slot on a yearly holiday never runs, and is found so
   * after this many years).
   */
  static final int MAX_EXCLUDED_STEPS = 10_000;

  ExcludingTiming {
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(excluded, "excluded");
  }

  @Override
  public String description() {
    return timing.description() + ", except " + excluded.summary();
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    return timing.nextAfter(after);
  }

  @Override
  public Optional<Instant> nextRunAfter(Instant after) {
    Instant from = Objects.requireNonNull(after, "after");
    for (int step = 0; step < MAX_EXCLUDED_STEPS; step++) {
      Optional<Instant> next = timing.nextAfter(from);
      if (next.isEmpty()) {
        return next;
      }
      LocalDate date = Zoned.at(next.get(), zone()).toLocalDate();
      if (!excluded.contains(date)) {
        return next;
      }
      if (date.getYear() >= Zoned.at(TimeLimits.LATEST, zone()).getYear()) {
        return Optional.empty();
      }
      // Every slot of an excluded date is excluded: go on from the end of that day.
      from = date.plusDays(1).atStartOfDay(zone()).toInstant().minusNanos(1);
    }
    return Optional.empty();
  }

  @Override
  public DateExclusions excluded() {
    return excluded;
  }
}
