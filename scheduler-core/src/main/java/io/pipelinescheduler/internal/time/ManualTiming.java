package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/** The empty set: a manual schedule runs only when started by hand. Immutable. */
record ManualTiming(ZoneId zone) implements Timing {

  @Override
  public ScheduleType type() {
    return ScheduleType.MANUAL;
  }

  @Override
  public String spec() {
    return "manual";
  }

  @Override
  public String description() {
    return "manual: runs only when started by hand";
  }

  @Override
  public Duration period() {
    return Duration.ZERO;
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    Objects.requireNonNull(after, "after");
    return Optional.empty();
  }
}
