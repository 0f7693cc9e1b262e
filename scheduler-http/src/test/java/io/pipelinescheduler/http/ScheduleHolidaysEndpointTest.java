package io.pipelinescheduler.http;

import static io.pipelinescheduler.http.TestServer.echo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.HolidayCalendar;
import io.pipelinescheduler.http.TestServer.Reply;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A schedule's holiday calendar in the REST API: its detail shows the dates it skips. */
class ScheduleHolidaysEndpointTest {
  private final TestServer t = new TestServer(builder -> builder.allowCommandJobs(true));

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void the_detail_of_a_schedule_with_a_calendar_shows_its_dates_and_the_list_does_not() {
    t.scheduler
        .schedule("report")
        .daily(LocalTime.of(9, 0))
        .timezone(ZoneId.of("Europe/Berlin"))
        .businessDays(HolidayCalendar.of(LocalDate.of(2030, 12, 24), LocalDate.of(2030, 12, 31)))
        .run(echo("report"));
    t.scheduler.schedule("plain").daily(LocalTime.NOON).run(echo("plain"));

    JsonNode report = t.get("/api/schedules/report").json();
    JsonNode plain = t.get("/api/schedules/plain").json();
    JsonNode list = t.get("/api/schedules").json();

    JsonNode holidays = report.path("holidays");
    assertThat(holidays.path("summary").asText())
        .isEqualTo("Saturdays and Sundays; 2030-12-24 and 2030-12-31");
    assertThat(holidays.path("daysOfWeek").toString()).isEqualTo("[\"SATURDAY\",\"SUNDAY\"]");
    assertThat(holidays.path("upcoming").toString()).isEqualTo("[\"2030-12-24\",\"2030-12-31\"]");
    assertThat(report.path("description").asText()).endsWith("2030-12-24 and 2030-12-31");
    // From Monday 2026-03-09 after 09:00: Tuesday to Friday, then Monday again.
    assertThat(report.path("nextRuns").get(0).asText()).isEqualTo("2026-03-10T09:00:00+01:00");
    assertThat(report.path("nextRuns").get(3).asText()).isEqualTo("2026-03-13T09:00:00+01:00");
    assertThat(report.path("nextRuns").get(4).asText()).isEqualTo("2026-03-16T09:00:00+01:00");
    assertThat(plain.has("holidays")).isFalse();
    assertThat(list.get(0).has("holidays")).isFalse();
  }

  @Test
  void a_schedule_created_with_excluded_dates_stores_them_in_its_definition() {
    Reply created =
        t.post(
            "/api/schedules",
            """
            {"name": "backup",
             "definition": {
               "timing": {"kind": "daily", "at": "02:00"},
               "job": {"kind": "command", "program": "true"},
               "excluding": {"annual": ["12-25"], "dates": ["2030-01-02"]}}}
            """);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode backup = t.get("/api/schedules/backup").json();
    assertThat(backup.path("definition").path("excluding").toString())
        .isEqualTo("{\"dates\":[\"2030-01-02\"],\"annual\":[\"12-25\"]}");
    assertThat(backup.path("holidays").path("summary").asText())
        .isEqualTo("every year on 12-25; 2030-01-02");
    assertThat(backup.path("holidays").path("annual").toString()).isEqualTo("[\"12-25\"]");
    assertThat(
            t.scheduler
                .getHolidayCalendar("backup")
                .orElseThrow()
                .contains(LocalDate.of(2026, 12, 25)))
        .isTrue();
  }

  @Test
  void an_invalid_excluded_date_is_refused_with_400_naming_the_field() {
    Reply refused =
        t.post(
            "/api/schedules",
            """
            {"name": "backup",
             "definition": {
               "timing": {"kind": "daily", "at": "02:00"},
               "job": {"kind": "command", "program": "true"},
               "excluding": {"dates": ["2030-02-30"]}}}
            """);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error()).contains("'excluding.dates' has '2030-02-30'");
    assertThat(t.scheduler.getSchedule("backup")).isEmpty();
  }
}
