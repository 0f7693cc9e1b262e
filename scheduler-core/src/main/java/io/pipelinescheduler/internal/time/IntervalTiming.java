package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires at {@code anchor + k × every} for k = 0, 1, 2, …: absolute durations, untouched by daylight
 * saving, so every instance computes the same slots. Spec {@code PT30M}. The zone only says how
 * fire times are displayed. Immutable.
 */
record IntervalTiming(Duration every, Instant anchor, ZoneId zone) implements Timing {
  /** How many intervals' texts are kept; an application has a handful of distinct intervals. */
  private static final int MAX_TEXTS = 256;

  /**
   * The spec and description of the intervals met so far, so that registering many schedules of one
   * interval formats it once (up to {@link #MAX_TEXTS} intervals; others are formatted anew).
   */
  private static final Map<Duration, Text> TEXTS = new ConcurrentHashMap<>();

  private record Text(String spec, String description) {}

  @Override
  public ScheduleType type() {
    return ScheduleType.INTERVAL;
  }

  @Override
  public String spec() {
    Text known = text();
    return known != null ? known.spec() : every.toString();
  }

  @Override
  public String description() {
    Text known = text();
    return known != null ? known.description() : "every " + describe(every);
  }

  /** This interval's texts, made and kept at the first call; null when too many are kept. */
  private Text text() {
    Text known = TEXTS.get(every);
    if (known != null || TEXTS.size() >= MAX_TEXTS) {
      return known;
    }
    Text made = new Text(every.toString(), "every " + describe(every));
    Text raced = TEXTS.putIfAbsent(every, made);
    return raced != null ? raced : made;
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
      return Optional.of(slotAfter(Duration.between(anchor, after)));
    } catch (DateTimeException | ArithmeticException beyondTheCalendar) {
      return Optional.empty();
    }
  }

  /**
   * The first slot more than {@code elapsed} after the anchor. In nanoseconds while they fit in a
   * long (about 292 years): {@code Duration.dividedBy} and {@code multipliedBy} go through {@code
   * BigDecimal}, and this runs at every fire.
   */
  private Instant slotAfter(Duration elapsed) {
    long sinceAnchorNanos;
    try {
      long everyNanos = every.toNanos();
      sinceAnchorNanos = Math.multiplyExact(everyNanos, elapsed.toNanos() / everyNanos + 1);
    } catch (ArithmeticException tooLongForNanos) {
      return anchor.plus(every.multipliedBy(elapsed.dividedBy(every) + 1));
    }
    return anchor.plusNanos(sinceAnchorNanos);
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
