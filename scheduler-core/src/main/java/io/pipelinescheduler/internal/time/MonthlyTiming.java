package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Every month on a day of the month (the last day of a shorter month) at a wall-clock time; spec
 * {@code day 31 at 09:00}. Immutable.
 */
record MonthlyTiming(int dayOfMonth, LocalTime at, ZoneId zone) implements WallClockTiming {

  @Override
  public ScheduleType type() {
    return ScheduleType.MONTHLY;
  }

  @Override
  public String spec() {
    return "day " + dayOfMonth + " at " + at;
  }

  @Override
  public String description() {
    return "every month on day " + dayOfMonth + " at " + at + shorterMonthNote(dayOfMonth);
  }

  @Override
  public Duration period() {
    return Duration.ofDays(31);
  }

  @Override
  public Optional<LocalDateTime> nextLocalAfter(LocalDateTime after) {
    YearMonth month = YearMonth.from(after);
    LocalDateTime candidate = onDay(month, dayOfMonth, at);
    return Optional.of(
        candidate.isAfter(after) ? candidate : onDay(month.plusMonths(1), dayOfMonth, at));
  }

  @Override
  public boolean firesAtBothOccurrences() {
    return false;
  }

  /** The given day of the month, or the month's last day when the month is shorter. */
  static LocalDateTime onDay(YearMonth month, int dayOfMonth, LocalTime at) {
    return month.atDay(Math.min(dayOfMonth, month.lengthOfMonth())).atTime(at);
  }

  static String shorterMonthNote(int dayOfMonth) {
    return dayOfMonth > 28 ? " (the last day of shorter months)" : "";
  }
}
