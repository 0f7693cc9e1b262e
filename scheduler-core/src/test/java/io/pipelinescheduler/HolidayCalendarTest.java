package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolidayCalendarTest {
  @TempDir Path dir;

  /** An iCalendar file with these VEVENT bodies (each between BEGIN and END lines). */
  private Path ics(String name, String... events) throws Exception {
    StringBuilder text =
        new StringBuilder(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pipeline-scheduler//test//EN\r\n");
    int uid = 1;
    for (String event : events) {
      text.append("BEGIN:VEVENT\r\nUID:")
          .append(uid++)
          .append("@test\r\nDTSTAMP:20260101T000000Z\r\n")
          .append(event.strip().replace("\n", "\r\n"))
          .append("\r\nEND:VEVENT\r\n");
    }
    text.append("END:VCALENDAR\r\n");
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void of_annual_and_weekends_combine_with_and() {
    HolidayCalendar calendar =
        HolidayCalendar.of(LocalDate.of(2026, 6, 4))
            .and(HolidayCalendar.annual(MonthDay.of(12, 25)))
            .and(HolidayCalendar.weekends());

    assertThat(calendar.contains(LocalDate.of(2026, 6, 4))).isTrue();
    assertThat(calendar.contains(LocalDate.of(2027, 6, 4))).isFalse();
    assertThat(calendar.contains(LocalDate.of(2031, 12, 25))).isTrue();
    assertThat(calendar.contains(LocalDate.of(2026, 12, 12))).isTrue(); // a Saturday
    assertThat(calendar.contains(LocalDate.of(2026, 12, 14))).isFalse(); // a Monday
    assertThat(calendar.weeklyDays()).containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(calendar)
        .hasToString("Saturdays and Sundays; every year on 12-25; 2026-06-04")
        .isEqualTo(
            HolidayCalendar.weekends()
                .and(HolidayCalendar.annual(MonthDay.of(12, 25)))
                .and(HolidayCalendar.of(LocalDate.of(2026, 6, 4))));
  }

  @Test
  void february_29_every_year_counts_in_leap_years_only() {
    HolidayCalendar leapDay = HolidayCalendar.annual(MonthDay.of(2, 29));

    assertThat(leapDay.contains(LocalDate.of(2028, 2, 29))).isTrue();
    assertThat(leapDay.contains(LocalDate.of(2027, 2, 28))).isFalse();
  }

  @Test
  void an_ics_file_gives_all_day_multi_day_timed_and_recurring_events_as_dates() throws Exception {
    Path file =
        ics(
            "holidays.ics",
            """
            SUMMARY:Christmas break
            DTSTART;VALUE=DATE:20261224
            DTEND;VALUE=DATE:20261227
            """,
            """
            SUMMARY:New Year
            DTSTART;VALUE=DATE:20200101
            RRULE:FREQ=YEARLY
            """,
            """
            SUMMARY:Staff party (timed, in its own zone)
            DTSTART;TZID=Europe/Berlin:20261127T140000
            DTEND;TZID=Europe/Berlin:20261127T230000
            """,
            """
            SUMMARY:Thanksgiving
            DTSTART;VALUE=DATE:20261126
            RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=3
            """,
            """
            SUMMARY:Cancelled
            STATUS:CANCELLED
            DTSTART;VALUE=DATE:20260303
            """);

    HolidayCalendar calendar = HolidayCalendar.fromIcs(file);

    assertThat(calendar.annualDates()).containsExactly(MonthDay.of(1, 1));
    assertThat(calendar.dates())
        .containsExactly(
            LocalDate.of(2026, 11, 26),
            LocalDate.of(2026, 11, 27),
            LocalDate.of(2026, 12, 24),
            LocalDate.of(2026, 12, 25),
            LocalDate.of(2026, 12, 26),
            LocalDate.of(2027, 11, 25),
            LocalDate.of(2028, 11, 23));
    assertThat(calendar.contains(LocalDate.of(2040, 1, 1))).isTrue();
    assertThat(calendar.contains(LocalDate.of(2026, 3, 3))).isFalse();
  }

  @Test
  void a_timed_event_crossing_midnight_covers_both_dates_and_one_ending_at_midnight_only_the_first()
      throws Exception {
    Path file =
        ics(
            "timed.ics",
            """
            DTSTART:20261231T220000Z
            DTEND:20270101T020000Z
            """,
            """
            DTSTART:20260504T080000Z
            DTEND:20260505T000000Z
            """);

    assertThat(HolidayCalendar.fromIcs(file).dates())
        .containsExactly(
            LocalDate.of(2026, 5, 4), LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1));
  }

  @Test
  void a_missing_file_fails_naming_it() {
    Path missing = dir.resolve("nope.ics");

    assertThatThrownBy(() -> HolidayCalendar.fromIcs(missing))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("cannot be read");
  }

  @Test
  void a_file_that_is_not_icalendar_fails_naming_the_file_and_the_line() throws Exception {
    Path broken =
        Files.writeString(
            dir.resolve("broken.ics"),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:2026-13-45\r\n"
                + "END:VEVENT\r\nEND:VCALENDAR\r\n");

    assertThatThrownBy(() -> HolidayCalendar.fromIcs(broken))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(broken.toString())
        .hasMessage(
            "holiday calendar file "
                + broken
                + " is not valid iCalendar at line 4: Text '2026-13-45' could not be parsed at"
                + " index 4");
  }

  @Test
  void a_file_without_events_or_with_an_event_without_a_start_fails_naming_the_file()
      throws Exception {
    Path empty = ics("empty.ics");
    Path noStart = ics("nostart.ics", "SUMMARY:When?");

    assertThatThrownBy(() -> HolidayCalendar.fromIcs(empty))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("has no VEVENT");
    assertThatThrownBy(() -> HolidayCalendar.fromIcs(noStart))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(noStart.toString())
        .hasMessageContaining("without DTSTART (SUMMARY 'When?')");
  }
}
