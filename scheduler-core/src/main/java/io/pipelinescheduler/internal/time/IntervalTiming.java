package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires at {@code anchor + k × every} for k = 0, 1, 2, …: absolute durations, untouched by daylight
 * saving, so every instance computes the same slots. Spec {@code PT30M}. The zone only says how
 * fire times are displayed. Immutable.
 */
record IntervalTiming(Duration every, Instant anchor, ZoneId zone) implements Timing {

  @Override
  public ScheduleType type() {
    return ScheduleType.INTERVAL;
  }

  @Override
  public String spec() {
    return every.toString();
  }

  @Override
  public String description() {
    return "every " + describe(every);
  }

  @Override
  public Duration period() {
    return every;
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    Objects.requireNonNull(after, "after");
    if (after.isBefore(anchor)) {
      return Optional.of(anchor);
    }
    try {
      long slotsPassed = Duration.between(anchor, after).dividedBy(every);
      return Optional.of(anchor.plus(every.multipliedBy(slotsPassed + 1)));
    } catch (DateTimeException | ArithmeticException beyondTheCalendar) {
      return Optional.empty();
    }
  }

  /** E.g. "30 minutes", "hour", "1 hour and 30 minutes", "90 hours". */
  static String describe(Duration duration) {
    List<String> parts = new ArrayList<>();
    addPart(parts, duration.toHours(), "hour");
    addPart(parts, duration.toMinutesPart(), "minute");
    addPart(parts, duration.toSecondsPart(), "second");
    addPart(parts, duration.toMillisPart(), "millisecond");
    addPart(parts, duration.toNanosPart() % 1_000_000, "nanosecond");
    if (parts.size() == 1 && parts.get(0).startsWith("1 ")) {
      return parts.get(0).substring(2);
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " and "
        + parts.get(parts.size() - 1);
  }

  private static void addPart(List<String> parts, long amount, String unit) {
    if (amount != 0) {
      parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
    }
  }
}
