package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.HolidayCalendar;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;

/**
 * A schedule's holiday calendar as JSON: the dates whose slots it skips.
 *
 * @param summary in words, e.g. "Saturdays and Sundays; every year on 12-25; 2026-12-24"
 * @param daysOfWeek the days of the week skipped, Monday first
 * @param annual the dates skipped every year, {@code MM-DD}
 * @param upcoming the next {@value #UPCOMING} single or yearly dates from today in the schedule's
 *     zone
 */
public record HolidaysView(
    String summary, List<DayOfWeek> daysOfWeek, List<String> annual, List<LocalDate> upcoming) {
  /** How many upcoming dates are shown. */
  public static final int UPCOMING = 10;

  /** The view of {@code calendar} for a schedule in {@code zone}. */
  public static HolidaysView of(HolidayCalendar calendar, ZoneId zone) {
    return new HolidaysView(
        calendar.toString(),
        List.copyOf(calendar.weeklyDays()),
        calendar.annualDates().stream().map(HolidaysView::text).toList(),
        calendar.datesFrom(LocalDate.now(zone), UPCOMING));
  }

  private static String text(MonthDay day) {
    return day.toString().substring(2);
  }
}
