package io.pipelinescheduler.internal.time;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The fires of {@code timing} within {@code [startAt, endAt]}, both inclusive; either bound may be
 * null (unbounded). Type, spec, zone and period are those of the wrapped timing. Immutable.
 */
record BoundedTiming(Timing timing, Instant startAt, Instant endAt) implements WrappingTiming {

  @Override
  public String description() {
    String base = timing.description();
    // Room for the base and each bound: its prefix, an instant to the nanosecond, an offset and
    // the zone's id.
    int bound = 44 + zone().getId().length();
    int room = base.length() + (startAt != null ? bound : 0) + (endAt != null ? bound : 0);
    StringBuilder text = new StringBuilder(room).append(base);
    if (startAt != null) {
      Zoned.appendTo(text.append(", from "), startAt, zone());
    }
    if (endAt != null) {
      Zoned.appendTo(text.append(", until "), endAt, zone());
    }
    return text.toString();
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    Objects.requireNonNull(after, "after");
    Instant from = startAt != null && after.isBefore(startAt) ? startAt.minusNanos(1) : after;
    return timing.nextAfter(from).filter(next -> endAt == null || !next.isAfter(endAt));
  }
}
