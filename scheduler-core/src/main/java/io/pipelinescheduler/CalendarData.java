package io.pipelinescheduler;

import io.pipelinescheduler.internal.time.DateExclusions;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link HolidayCalendar} read back from a stored definition's {@code excluding} object, as
 * {@link DateExclusions#toData()} writes it: {@code dates} ({@code 2026-12-25}), {@code annual}
 * ({@code 12-25}) and {@code daysOfWeek} ({@code SATURDAY}), each optional.
 */
final class CalendarData {
  private CalendarData() {}

  /**
   * The calendar of {@code excluding}.
   *
   * @throws InvalidScheduleException naming the field and the value that is not a date
   */
  static HolidayCalendar read(StoredValues excluding) {
    List<LocalDate> dates = new ArrayList<>();
    for (String text : excluding.texts("dates")) {
      dates.add(parse(excluding, "dates", text, "a date such as 2026-12-25", LocalDate::parse));
    }
    List<MonthDay> annual = new ArrayList<>();
    for (String text : excluding.texts("annual")) {
      annual.add(
          parse(
              excluding,
              "annual",
              text,
              "a month and day such as 12-25",
              DateExclusions::parseMonthDay));
    }
    List<DayOfWeek> days = new ArrayList<>();
    for (String text : excluding.texts("daysOfWeek")) {
      days.add(
          parse(
              excluding,
              "daysOfWeek",
              text,
              "a day of the week such as SATURDAY",
              day -> DayOfWeek.valueOf(day.trim().toUpperCase(Locale.ROOT))));
    }
    return HolidayCalendar.from(DateExclusions.of(dates, annual, days));
  }

  private interface Parser<T> {
    T parse(String text);
  }

  private static <T> T parse(
      StoredValues values, String key, String text, String expected, Parser<T> parser) {
    try {
      return parser.parse(text);
    } catch (DateTimeException | IllegalArgumentException e) {
      throw values.invalid(key, text, "a list of which each is " + expected);
    }
  }
}
