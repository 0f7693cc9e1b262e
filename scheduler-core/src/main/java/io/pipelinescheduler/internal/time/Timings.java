package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.InvalidScheduleException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Builds every kind of {@link Timing}, validating its arguments first. Each returned timing is
 * immutable and thread-safe, and keeps the rules of time of ARCHITECTURE.md.
 *
 * <p>Every method throws {@link NullPointerException} naming the parameter when an argument is null
 * (unless it says a parameter may be null), and {@link InvalidScheduleException} naming the
 * schedule and the bad value when an argument is out of range. Timings without a zone of their own
 * (interval, once, manual) use UTC unless given one; their zone only affects display.
 */
public final class Timings {
  private Timings() {}

  /**
   * A cron schedule. The expression is read in {@code flavor}: UNIX {@code minute hour day-of-month
   * month day-of-week}; QUARTZ {@code second minute hour day-of-month month day-of-week [year]}
   * with {@code ?}, {@code L}, {@code W}, {@code #}; SPRING (5.3 syntax) {@code second minute hour
   * day-of-month month day-of-week}. Its times are wall-clock times in {@code zone}; a cron whose
   * hour field is not a fixed hour (or list of them) fires at both occurrences of a repeated hour.
   *
   * @throws InvalidScheduleException when the expression is blank, has the wrong number of fields,
   *     has a bad field (the message names the field and the value and shows a valid example), or
   *     matches no date at all
   */
  public static Timing cron(String name, String expression, CronFlavor flavor, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(zone, "zone");
    return CronExpressions.compile(name, expression, flavor, zone);
  }

  /** Every day at {@code at}, wall-clock time in {@code zone}; spec {@code 09:00}. */
  public static Timing daily(String name, LocalTime at, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    return new DailyTiming(at, zone);
  }

  /**
   * Every day at {@code hour:minute}, wall-clock time in {@code zone}.
   *
   * @throws InvalidScheduleException when hour is outside 0-23 or minute outside 0-59
   */
  public static Timing daily(String name, int hour, int minute, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    requireInRange(name, "hour", hour, 0, 23);
    requireInRange(name, "minute", minute, 0, 59);
    return daily(name, LocalTime.of(hour, minute), zone);
  }

  /**
   * Every hour at {@code minute}; fires at both occurrences of a repeated hour.
   *
   * @throws InvalidScheduleException when minute is outside 0-59
   */
  public static Timing hourly(String name, int minute, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    requireInRange(name, "minute", minute, 0, 59);
    return new HourlyTiming(minute, zone);
  }

  /**
   * Every {@code every}, at {@code anchor + k × every} for k = 0, 1, 2, …; display zone UTC.
   *
   * @param anchor the first slot: {@code startAt} when the schedule has one, else {@link
   *     Instant#EPOCH}
   * @throws InvalidScheduleException when {@code every} is shorter than {@link
   *     TimeLimits#MIN_DURATION} or longer than {@link TimeLimits#MAX_DURATION}, or the anchor is
   *     outside [{@link TimeLimits#EARLIEST}, {@link TimeLimits#LATEST}]
   */
  public static Timing interval(String name, Duration every, Instant anchor) {
    return interval(name, every, anchor, ZoneOffset.UTC);
  }

  /** As {@link #interval(String, Duration, Instant)} with the Unix epoch as anchor. */
  public static Timing interval(String name, Duration every) {
    return interval(name, every, Instant.EPOCH);
  }

  /**
   * As {@link #interval(String, Duration, Instant)}, displayed in {@code zone}; the slots do not
   * depend on the zone.
   */
  public static Timing interval(String name, Duration every, Instant anchor, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(every, "every");
    Objects.requireNonNull(anchor, "anchor");
    Objects.requireNonNull(zone, "zone");
    if (every.isZero() || every.isNegative()) {
      throw new InvalidScheduleException(
          name, "interval " + every + " is not positive; it must be longer than zero");
    }
    TimeLimits.requireInRange(name, "interval", every, TimeLimits.MIN_DURATION);
    TimeLimits.requireInRange(name, "interval anchor", anchor);
    return new IntervalTiming(Canonical.of(every), anchor, zone);
  }

  /**
   * Every {@code hours} h {@code minutes} min {@code seconds} s from {@code anchor}.
   *
   * @throws InvalidScheduleException when a part is negative, the total is zero, or it is too long
   *     to represent
   */
  public static Timing interval(
      String name, long hours, long minutes, long seconds, Instant anchor) {
    Objects.requireNonNull(name, "name");
    requireNotNegative(name, "hours", hours);
    requireNotNegative(name, "minutes", minutes);
    requireNotNegative(name, "seconds", seconds);
    Duration every;
    try {
      every = Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    } catch (ArithmeticException tooLong) {
      throw new InvalidScheduleException(
          name, String.format("interval of %s is too long", parts(hours, minutes, seconds)));
    }
    if (every.isZero()) {
      throw new InvalidScheduleException(
          name,
          String.format(
              "interval of %s is zero; it must be longer than zero",
              parts(hours, minutes, seconds)));
    }
    return interval(name, every, anchor);
  }

  /** Every week on {@code day} at {@code at}, wall-clock time in {@code zone}. */
  public static Timing weekly(String name, DayOfWeek day, LocalTime at, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    return new WeeklyTiming(day, at, zone);
  }

  /**
   * Every month on {@code dayOfMonth} at {@code at}, or on the last day of a shorter month.
   *
   * @throws InvalidScheduleException when dayOfMonth is outside 1-31
   */
  public static Timing monthly(String name, int dayOfMonth, LocalTime at, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    requireInRange(name, "day of month", dayOfMonth, 1, 31);
    return new MonthlyTiming(dayOfMonth, at, zone);
  }

  /**
   * Every {@code months} months on {@code dayOfMonth} (the last day of a shorter month) at {@code
   * at}, counting months from the month of {@code anchor} in {@code zone}, which is the first month
   * that can fire.
   *
   * @param anchor {@code startAt} when the schedule has one, else its first registration
   * @throws InvalidScheduleException when months is below 1 or dayOfMonth outside 1-31
   */
  public static Timing everyMonths(
      String name, int months, int dayOfMonth, LocalTime at, ZoneId zone, Instant anchor) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(anchor, "anchor");
    if (months < 1) {
      throw new InvalidScheduleException(name, "months " + months + " must be at least 1");
    }
    requireInRange(name, "day of month", dayOfMonth, 1, 31);
    return new EveryMonthsTiming(
        months, dayOfMonth, at, zone, YearMonth.from(Zoned.at(anchor, zone)));
  }

  /**
   * Fires once, at {@code at}; display zone UTC.
   *
   * @throws InvalidScheduleException when {@code at} is outside [{@link TimeLimits#EARLIEST},
   *     {@link TimeLimits#LATEST}]
   */
  public static Timing once(String name, Instant at) {
    return once(name, at, ZoneOffset.UTC);
  }

  /** As {@link #once(String, Instant)}, displayed in {@code zone}. */
  public static Timing once(String name, Instant at, ZoneId zone) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    TimeLimits.requireInRange(name, "once at", at);
    return new OnceTiming(at, zone);
  }

  /** Never fires by itself: only a manual run runs it. Zone UTC. */
  public static Timing manual() {
    return manual(ZoneOffset.UTC);
  }

  /** Never fires by itself; displayed in {@code zone}. */
  public static Timing manual(ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return new ManualTiming(zone);
  }

  /** No slots: runs after {@code upstream} succeed; displayed in {@code zone}. */
  public static Timing after(java.util.List<String> upstream, ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    return new AfterTiming(upstream, zone);
  }

  /**
   * The fires of {@code timing} within {@code [startAt, endAt]}, both inclusive.
   *
   * @param startAt no fire before it; may be null
   * @param endAt no fire after it; may be null
   * @return {@code timing} itself when both bounds are null
   * @throws InvalidScheduleException when a bound is outside [{@link TimeLimits#EARLIEST}, {@link
   *     TimeLimits#LATEST}] or endAt is before startAt
   */
  public static Timing bounded(String name, Timing timing, Instant startAt, Instant endAt) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timing, "timing");
    if (startAt != null) {
      TimeLimits.requireInRange(name, "startAt", startAt);
    }
    if (endAt != null) {
      TimeLimits.requireInRange(name, "endAt", endAt);
    }
    if (startAt != null && endAt != null && endAt.isBefore(startAt)) {
      throw new InvalidScheduleException(name, "endAt " + endAt + " is before startAt " + startAt);
    }
    if (startAt == null && endAt == null) {
      return timing;
    }
    return new BoundedTiming(timing, startAt, endAt);
  }

  /**
   * {@code timing} with the slots on {@code excluded} dates (read in the timing's zone) skipped
   * rather than run; {@code timing} itself when nothing is excluded.
   *
   * @throws InvalidScheduleException when every day of the week is excluded (it would never run)
   */
  public static Timing excluding(String name, Timing timing, DateExclusions excluded) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(excluded, "excluded");
    if (excluded.excludesEveryDay()) {
      throw new InvalidScheduleException(
          name,
          "its holiday calendar excludes every day of the week ("
              + excluded.summary()
              + "), so it would never run");
    }
    return excluded.isEmpty() ? timing : new ExcludingTiming(timing, excluded);
  }

  /**
   * Parses a zone id such as {@code Europe/Paris} or {@code +02:00}.
   *
   * @throws InvalidScheduleException when the zone is blank or unknown
   */
  public static ZoneId zone(String name, String zoneId) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zoneId, "zoneId");
    if (zoneId.isBlank()) {
      throw new InvalidScheduleException(name, "time zone is blank; e.g. 'Europe/Paris' or 'UTC'");
    }
    try {
      return ZoneId.of(zoneId.trim());
    } catch (DateTimeException unknown) {
      throw new InvalidScheduleException(
          name, "unknown time zone '" + zoneId + "'; e.g. 'Europe/Paris' or 'UTC'");
    }
  }

  private static void requireInRange(String name, String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidScheduleException(
          name, String.format("%s %d is out of range %d-%d", what, value, min, max));
    }
  }

  private static void requireNotNegative(String name, String what, long value) {
    if (value < 0) {
      throw new InvalidScheduleException(name, what + " " + value + " is negative");
    }
  }

  private static String parts(long hours, long minutes, long seconds) {
    return hours + " hours, " + minutes + " minutes and " + seconds + " seconds";
  }
}
