package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolidaySchedulesTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Wednesday 2026-12-23, 08:00 in Berlin. */
  private final SettableClock clock = SettableClock.at("2026-12-23T07:00:00Z");

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final PipelineScheduler scheduler =
      PipelineScheduler.create(TestSchedulers.config(clock).meterRegistry(meters).build());
  private final List<Instant> runs = new CopyOnWriteArrayList<>();
  private final List<String> skips = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  HolidaySchedulesTest() {
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            skips.add(name + " " + slot + " " + reason + ": " + detail);
          }
        });
    scheduler.start();
  }

  @AfterEach
  void close() {
    scheduler.close();
  }

  private final Job recording = context -> runs.add(context.scheduledTime());

  /** Christmas Eve 2026 as an all-day event, Christmas Day every year. */
  private Path christmasIcs() throws Exception {
    return Files.writeString(
        dir.resolve("holidays.ics"),
        String.join(
            "\r\n",
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//pipeline-scheduler//test//EN",
            "BEGIN:VEVENT",
            "UID:eve-2026@test",
            "DTSTAMP:20260101T000000Z",
            "DTSTART;VALUE=DATE:20261224",
            "SUMMARY:Christmas Eve",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:christmas@test",
            "DTSTAMP:20260101T000000Z",
            "DTSTART;VALUE=DATE:20001225",
            "RRULE:FREQ=YEARLY",
            "SUMMARY:Christmas Day",
            "END:VEVENT",
            "END:VCALENDAR",
            ""));
  }

  private static ZonedDateTime berlin(String localDateTime) {
    return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN);
  }

  @Test
  void a_weekday_schedule_at_nine_skips_a_holiday_read_from_an_ics_file() throws Exception {
    HolidayCalendar holidays = HolidayCalendar.fromIcs(christmasIcs());
    ScheduleInfo info =
        scheduler
            .schedule("report")
            .daily(LocalTime.of(9, 0))
            .timezone(BERLIN)
            .businessDays(holidays)
            .run(recording);

    assertThat(scheduler.nextRuns("report", 3))
        .containsExactly(
            berlin("2026-12-23T09:00"), berlin("2026-12-28T09:00"), berlin("2026-12-29T09:00"));
    assertThat(info.description())
        .isEqualTo(
            "every day at 09:00, except Saturdays and Sundays; every year on 12-25;"
                + " 2026-12-24");

    clock.advance(Duration.ofHours(1)); // Wednesday 09:00: runs
    assertThat(scheduler.getSchedule("report").orElseThrow().nextRun())
        .isEqualTo(berlin("2026-12-28T09:00"));
    for (int day = 0; day < 6; day++) { // Thursday to the next Tuesday, 09:00 each
      clock.advance(Duration.ofDays(1));
    }

    assertThat(runs)
        .containsExactly(
            berlin("2026-12-23T09:00").toInstant(),
            berlin("2026-12-28T09:00").toInstant(),
            berlin("2026-12-29T09:00").toInstant());
    assertThat(skips)
        .containsExactly(
            "report 2026-12-24T08:00:00Z HOLIDAY: 2026-12-24 (Europe/Berlin) is in the"
                + " schedule's holiday calendar",
            "report 2026-12-25T08:00:00Z HOLIDAY: 2026-12-25 (Europe/Berlin) is in the"
                + " schedule's holiday calendar",
            "report 2026-12-26T08:00:00Z HOLIDAY: 2026-12-26 (Europe/Berlin) is in the"
                + " schedule's holiday calendar",
            "report 2026-12-27T08:00:00Z HOLIDAY: 2026-12-27 (Europe/Berlin) is in the"
                + " schedule's holiday calendar");
    assertThat(
            meters
                .get("pipeline.scheduler.skips")
                .tags("schedule", "report", "reason", "holiday")
                .counter()
                .count())
        .isEqualTo(4.0);
  }

  @Test
  void the_date_of_a_slot_is_read_in_the_schedules_zone_not_in_utc() {
    // 21:00 in New York is 02:00 UTC the next day.
    scheduler
        .schedule("late")
        .daily(LocalTime.of(21, 0))
        .timezone(NEW_YORK)
        .excluding(HolidayCalendar.of(LocalDate.of(2026, 12, 24)))
        .run(recording);

    assertThat(scheduler.nextRuns("late", 3))
        .extracting(ZonedDateTime::toLocalDate)
        .containsExactly(
            LocalDate.of(2026, 12, 23), LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26));

    clock.set(Instant.parse("2026-12-24T01:59:00Z"));
    clock.advance(Duration.ofMinutes(1)); // 12-23 21:00 in New York: runs
    clock.advance(Duration.ofDays(1)); // 12-24 21:00 in New York: skipped
    clock.advance(Duration.ofDays(1)); // 12-25 21:00 in New York: runs

    assertThat(runs)
        .containsExactly(
            Instant.parse("2026-12-24T02:00:00Z"), Instant.parse("2026-12-26T02:00:00Z"));
    assertThat(skips)
        .containsExactly(
            "late 2026-12-25T02:00:00Z HOLIDAY: 2026-12-24 (America/New_York) is in the"
                + " schedule's holiday calendar");
  }

  @Test
  void every_timing_type_leaves_the_excluded_dates_out_of_its_next_runs() {
    HolidayCalendar christmas = HolidayCalendar.annual(MonthDay.of(12, 25));
    Map<String, Function<ScheduleBuilder, ScheduleBuilder>> timings =
        Map.of(
            "cron", b -> b.cron("0 9 * * *"),
            "daily", b -> b.daily(LocalTime.of(9, 0)),
            "hourly", b -> b.hourly(30),
            "weekly", b -> b.weekly(DayOfWeek.FRIDAY, LocalTime.of(9, 0)),
            "monthly", b -> b.monthly(25, LocalTime.of(9, 0)),
            "everyMonths", b -> b.everyMonths(1, 25, LocalTime.of(9, 0)),
            "interval", b -> b.every(Duration.ofHours(5)));

    timings.forEach(
        (name, timing) ->
            timing
                .apply(scheduler.schedule(name))
                .timezone(BERLIN)
                .excluding(christmas)
                .run(recording));

    timings
        .keySet()
        .forEach(
            name ->
                assertThat(scheduler.nextRuns(name, 200))
                    .as(name)
                    .isNotEmpty()
                    .noneMatch(time -> MonthDay.from(time).equals(MonthDay.of(12, 25)))
                    .anyMatch(
                        time ->
                            time.getYear() == 2027 || MonthDay.from(time).getDayOfMonth() > 25));
    assertThat(scheduler.nextRuns("monthly", 2))
        .containsExactly(berlin("2027-01-25T09:00"), berlin("2027-02-25T09:00"));
    assertThat(scheduler.nextRuns("weekly", 2))
        .containsExactly(berlin("2027-01-01T09:00"), berlin("2027-01-08T09:00"));
  }

  @Test
  void a_once_schedule_on_an_excluded_date_is_skipped_and_a_manual_run_still_runs() {
    scheduler
        .schedule("one-off")
        .once(Instant.parse("2026-12-25T10:00:00Z"))
        .excluding(HolidayCalendar.of(LocalDate.of(2026, 12, 25)))
        .run(recording);

    assertThat(scheduler.nextRuns("one-off", 1)).isEmpty();
    assertThat(scheduler.getSchedule("one-off").orElseThrow().nextRun()).isNull();
    clock.advance(Duration.ofDays(2).plusHours(3));
    clock.advance(Duration.ZERO);

    assertThat(runs).isEmpty();
    assertThat(skips).singleElement().asString().startsWith("one-off 2026-12-25T10:00:00Z HOLIDAY");
    assertThat(scheduler.runNow("one-off").join().success()).isTrue();
  }

  @Test
  void a_slot_on_an_excluded_date_missed_while_the_scheduler_was_down_is_not_caught_up() {
    scheduler
        .schedule("daily")
        .daily(LocalTime.of(9, 0))
        .timezone(BERLIN)
        .misfire(MisfirePolicy.FIRE_ONCE)
        .excluding(HolidayCalendar.of(LocalDate.of(2026, 12, 24)))
        .run(recording);
    clock.advance(Duration.ofHours(1)); // 12-23 09:00 runs

    clock.advance(Duration.ofDays(1).plusHours(3)); // 12-24 12:00: its 09:00 slot was missed

    assertThat(runs).containsExactly(berlin("2026-12-23T09:00").toInstant());
    assertThat(scheduler.getSchedule("daily").orElseThrow().nextRun())
        .isEqualTo(berlin("2026-12-25T09:00"));
  }

  @Test
  void a_batch_preview_shows_the_first_slot_that_runs() {
    List<ScheduleInfo> previews = new CopyOnWriteArrayList<>();
    scheduler.scheduleAll(
        batch ->
            previews.add(
                batch
                    .schedule("batched")
                    .daily(LocalTime.of(9, 0))
                    .timezone(BERLIN)
                    .excluding(HolidayCalendar.of(LocalDate.of(2026, 12, 23)))
                    .run(recording)));

    assertThat(previews.get(0).nextRun()).isEqualTo(berlin("2026-12-24T09:00"));
    assertThat(scheduler.getSchedule("batched").orElseThrow().nextRun())
        .isEqualTo(berlin("2026-12-24T09:00"));
  }

  @Test
  void calendars_that_exclude_every_day_are_refused() {
    assertThatThrownBy(
            () ->
                scheduler
                    .schedule("never")
                    .daily(LocalTime.NOON)
                    .weekdaysOnly()
                    .excluding(
                        HolidayCalendar.daysOfWeek(
                            DayOfWeek.MONDAY,
                            DayOfWeek.TUESDAY,
                            DayOfWeek.WEDNESDAY,
                            DayOfWeek.THURSDAY,
                            DayOfWeek.FRIDAY))
                    .run(recording))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'never'")
        .hasMessageContaining("excludes every day of the week");
    assertThat(scheduler.getSchedule("never")).isEmpty();
  }

  @Test
  void a_data_defined_schedule_exports_its_dates_and_imports_them_back() throws Exception {
    scheduler.registerJobType("report", (context, params) -> runs.add(context.scheduledTime()));
    HolidayCalendar calendar =
        HolidayCalendar.fromIcs(christmasIcs()).and(HolidayCalendar.weekends());
    scheduler
        .schedule("report")
        .daily(LocalTime.of(9, 0))
        .timezone(BERLIN)
        .excluding(calendar)
        .run("report", Map.of());

    String json = scheduler.exportSchedules();
    Files.delete(dir.resolve("holidays.ics")); // the dates are stored, not the file
    scheduler.clear();
    scheduler.importSchedules(json);

    assertThat(new ObjectMapper().readTree(json).get(0).at("/definition/excluding").toString())
        .isEqualTo(
            "{\"dates\":[\"2026-12-24\"],\"annual\":[\"12-25\"],"
                + "\"daysOfWeek\":[\"SATURDAY\",\"SUNDAY\"]}");
    assertThat(scheduler.getHolidayCalendar("report")).contains(calendar);
    assertThat(scheduler.nextRuns("report", 2))
        .containsExactly(berlin("2026-12-23T09:00"), berlin("2026-12-28T09:00"));
    assertThat(scheduler.exportSchedules()).isEqualTo(json);
  }

  @Test
  void an_imported_calendar_with_a_bad_date_or_an_unknown_field_is_refused_naming_it() {
    String template =
        """
        [ {"name": "imported", "definition": {"timing": {"kind": "daily", "at": "09:00"},
           "job": {"kind": "jobType", "jobType": "t"}, "excluding": %s}} ]
        """;

    assertThatThrownBy(
            () -> scheduler.importSchedules(template.formatted("{\"dates\": [\"2026-13-01\"]}")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'excluding.dates' has '2026-13-01'");
    assertThatThrownBy(
            () -> scheduler.importSchedules(template.formatted("{\"holidays\": [\"2026-12-01\"]}")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("unknown field 'excluding.holidays'");
    assertThat(scheduler.getSchedule("imported")).isEmpty();
  }
}
