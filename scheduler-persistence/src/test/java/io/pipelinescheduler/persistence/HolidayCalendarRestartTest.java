package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.HolidayCalendar;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data-defined schedule with a holiday calendar read from an .ics file is stored with its dates
 * in a real SQLite file, and after a restart (without the file, without registering it again) it
 * still skips the holiday.
 */
class HolidayCalendarRestartTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @TempDir Path directory;

  /** Wednesday 2026-12-23, 08:00 in Berlin. */
  private final SettableClock clock = SettableClock.at("2026-12-23T07:00:00Z");

  private final List<Instant> runs = new CopyOnWriteArrayList<>();
  private final List<String> skips = new CopyOnWriteArrayList<>();

  private PipelineScheduler newScheduler() {
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbPath(directory.resolve("scheduler.db"))
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("holiday-test")
                .shutdownGrace(Duration.ofSeconds(1))
                .build());
    scheduler.registerJobType("report", (context, params) -> runs.add(context.scheduledTime()));
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            skips.add(name + " " + slot + " " + reason);
          }
        });
    return scheduler;
  }

  private Path holidaysIcs() throws Exception {
    return Files.writeString(
        directory.resolve("holidays.ics"),
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
            "END:VCALENDAR",
            ""));
  }

  private String storedDefinition() throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("scheduler.db"));
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT definition FROM ps_schedules WHERE name = 'report'")) {
      assertThat(row.next()).isTrue();
      return row.getString(1);
    }
  }

  @Test
  void a_slot_on_an_excluded_date_is_not_claimed_ahead_but_skipped_at_its_time() {
    try (PipelineScheduler scheduler = newScheduler()) {
      scheduler.start();
      scheduler
          .schedule("report")
          .daily(LocalTime.of(9, 0))
          .timezone(BERLIN)
          .excluding(HolidayCalendar.of(LocalDate.of(2026, 12, 23)))
          .run("report", Map.of());

      // Within the store's claim-ahead window (250 ms), where a slot is claimed and recorded early.
      clock.advance(Duration.ofHours(1).minusMillis(100));
      List<String> before = List.copyOf(skips);
      clock.advance(Duration.ofMillis(100));

      assertThat(before).isEmpty();
      assertThat(runs).isEmpty();
      assertThat(scheduler.getHistory("report", 10)).isEmpty();
      assertThat(skips).containsExactly("report 2026-12-23T08:00:00Z HOLIDAY");
    }
  }

  @Test
  void a_stored_schedule_keeps_its_holiday_dates_across_a_restart_without_the_ics_file()
      throws Exception {
    HolidayCalendar holidays = HolidayCalendar.fromIcs(holidaysIcs());
    try (PipelineScheduler first = newScheduler()) {
      first.start();
      first
          .schedule("report")
          .daily(LocalTime.of(9, 0))
          .timezone(BERLIN)
          .businessDays(holidays)
          .run("report", Map.of());
      clock.advance(Duration.ofHours(1)); // Wednesday 09:00 runs
    }
    Files.delete(directory.resolve("holidays.ics"));

    try (PipelineScheduler second = newScheduler()) {
      second.start();

      assertThat(second.getHolidayCalendar("report"))
          .contains(HolidayCalendar.weekends().and(HolidayCalendar.of(LocalDate.of(2026, 12, 24))));
      assertThat(second.nextRuns("report", 2))
          .containsExactly(
              ZonedDateTime.of(2026, 12, 25, 9, 0, 0, 0, BERLIN),
              ZonedDateTime.of(2026, 12, 28, 9, 0, 0, 0, BERLIN));
      clock.advance(Duration.ofDays(1)); // Thursday 12-24: skipped
      clock.advance(Duration.ofDays(1)); // Friday 12-25: runs
    }

    assertThat(storedDefinition()).contains("2026-12-24").doesNotContain("holidays.ics");
    assertThat(runs)
        .containsExactly(
            Instant.parse("2026-12-23T08:00:00Z"), Instant.parse("2026-12-25T08:00:00Z"));
    assertThat(skips).containsExactly("report 2026-12-24T08:00:00Z HOLIDAY");
  }
}
