package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Every {@code months} months, counted from {@code firstMonth}, on a day of the month (the last day
 * of a shorter month) at a wall-clock time; never in a month before {@code firstMonth}. Spec {@code
 * every 3 months on day 15 at 09:00}. Immutable.
 */
record EveryMonthsTiming(
    int months, int dayOfMonth, LocalTime at, ZoneId zone, YearMonth firstMonth)
    implements WallClockTiming {

  @Override
  public ScheduleType type() {
    return ScheduleType.EVERY_N_MONTHS;
  }

  @Override
  public String spec() {
    return "every " + months + " months on day " + dayOfMonth + " at " + at;
  }

  @Override
  public String description() {
    return spec() + MonthlyTiming.shorterMonthNote(dayOfMonth) + ", counting from " + firstMonth;
  }

  @Override
  public Duration period() {
    return Duration.ofDays(31L * months);
  }

  @Override
  public Optional<LocalDateTime> nextLocalAfter(LocalDateTime after) {
    YearMonth month = YearMonth.from(after);
    if (month.isBefore(firstMonth)) {
      month = firstMonth;
    }
    long behind = Math.floorMod(firstMonth.until(month, ChronoUnit.MONTHS), (long) months);
    if (behind != 0) {
      month = month.plusMonths(months - behind);
    }
    LocalDateTime candidate = MonthlyTiming.onDay(month, dayOfMonth, at);
    return Optional.of(
        candidate.isAfter(after)
            ? candidate
            : MonthlyTiming.onDay(month.plusMonths(months), dayOfMonth, at));
  }

  @Override
  public boolean firesAtBothOccurrences() {
    return false;
  }
}
