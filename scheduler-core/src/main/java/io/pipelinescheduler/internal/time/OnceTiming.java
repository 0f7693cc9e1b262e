package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** A set of one instant; spec is the instant, e.g. {@code 2026-03-08T07:30:00Z}. Immutable. */
record OnceTiming(Instant at, ZoneId zone) implements Timing {

  @Override
  public ScheduleType type() {
    return ScheduleType.ONCE;
  }

  @Override
  public String spec() {
    return at.toString();
  }

  @Override
  public String description() {
    return Zoned.appendTo(new StringBuilder(64).append("once at "), at, zone).toString();
  }

  @Override
  public Duration period() {
    return Duration.ZERO;
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    Objects.requireNonNull(after, "after");
    return at.isAfter(after) ? Optional.of(at) : Optional.empty();
  }
}
