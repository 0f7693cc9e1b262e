package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * No slots: the schedule runs when its upstream schedules have succeeded (see {@code
 * ScheduleBuilder.after}). Immutable.
 *
 * @param upstream the schedules it runs after, in the order given, at least one
 */
public record AfterTiming(List<String> upstream, ZoneId zone) implements Timing {

  /** Copies the list. */
  public AfterTiming {
    upstream = List.copyOf(upstream);
    Objects.requireNonNull(zone, "zone");
  }

  /** The upstream names of a spec written by {@link #spec()}: {@code a, b}. */
  public static List<String> upstreamOf(String spec) {
    return spec == null || spec.isBlank()
        ? List.of()
        : java.util.Arrays.stream(spec.split(",")).map(String::strip).toList();
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.AFTER;
  }

  @Override
  public String spec() {
    return String.join(", ", upstream);
  }

  @Override
  public String description() {
    return "after "
        + (upstream.size() == 1
            ? upstream.get(0)
            : String.join(", ", upstream.subList(0, upstream.size() - 1))
                + " and "
                + upstream.get(upstream.size() - 1))
        + " succeed"
        + (upstream.size() == 1 ? "s" : "");
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
