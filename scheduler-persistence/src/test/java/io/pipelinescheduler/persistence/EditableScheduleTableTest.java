package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.http.SchedulerHttpServer;
import io.pipelinescheduler.testing.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule table as operators use it, on a real SQLite file with a settable clock: rows
 * inserted by hand with only their essential columns run at their time, every kind of spec edit is
 * honoured, every-six-months fits the columns, and a row that cannot be used is shown in health and
 * the REST API with its reason.
 */
class EditableScheduleTableTest {
  // a Monday
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");
  private static final Duration FOLLOWED = Duration.ofSeconds(10);

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(START);

  private PipelineScheduler started() {
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbPath(directory.resolve("table.db"))
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("a")
                .refreshInterval(Duration.ofMillis(100))
                .shutdownGrace(Duration.ofSeconds(1))
                .build());
    scheduler.registerJobType("report", (context, params) -> {});
    scheduler.start();
    return scheduler;
  }

  private void sql(String statement) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("table.db"));
        Statement sql = connection.createStatement()) {
      sql.executeUpdate(statement);
    }
  }

  private Map<String, String> row(String name) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("table.db"));
        Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery("SELECT * FROM ps_schedules WHERE name = '" + name + "'")) {
      assertThat(rows.next()).as("row " + name).isTrue();
      Map<String, String> values = new LinkedHashMap<>();
      for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
        values.put(rows.getMetaData().getColumnName(i), rows.getString(i));
      }
      return values;
    }
  }

  /** A shell script that appends a line to {@code marker}: the command of the team's table. */
  private Path script(Path marker) throws Exception {
    Path script = directory.resolve("export.sh");
    Files.writeString(script, "#!/bin/sh\necho ran >> '" + marker + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  @Test
  void a_row_inserted_by_hand_with_five_columns_runs_at_its_time() throws Exception {
    Path marker = directory.resolve("exported");
    Path script = script(marker);
    try (PipelineScheduler first = started()) {
      assertThat(first.listSchedules()).isEmpty();
    }
    sql(
        "INSERT INTO ps_schedules (name, schedule_type, time_of_day, command, enabled)"
            + " VALUES ('nightly-export', 'DAILY', '09:00', '"
            + script
            + "', 1)");

    try (PipelineScheduler scheduler = started()) {
      ScheduleInfo info = scheduler.getSchedule("nightly-export").orElseThrow();
      assertThat(info.spec()).isEqualTo("09:00");
      assertThat(info.nextRun().toInstant()).isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));

      clock.advance(Duration.ofHours(1));

      assertThat(scheduler.getHistory("nightly-export", 5))
          .extracting(ExecutionRecord::status, ExecutionRecord::scheduledTime)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  ExecutionStatus.SUCCEEDED, Instant.parse("2026-03-09T09:00:00Z")));
      assertThat(Files.readAllLines(marker)).containsExactly("ran");
      // The scheduler filled in the rest: its spec, zone and the JSON of the defaults.
      Map<String, String> row = row("nightly-export");
      assertThat(row.get("spec")).isEqualTo("09:00");
      assertThat(row.get("zone_id")).isEqualTo("Z");
      assertThat(row.get("time_of_day")).isEqualTo("09:00");
      assertThat(row.get("command")).isEqualTo(script.toString());
      assertThat(row.get("definition")).contains("\"maxRetries\":0");
    }
  }

  @Test
  void a_row_inserted_while_running_is_followed_and_runs_at_its_time() throws Exception {
    Path marker = directory.resolve("exported");
    Path script = script(marker);
    try (PipelineScheduler scheduler = started()) {
      sql(
          "INSERT INTO ps_schedules (name, schedule_type, time_of_day, command, enabled)"
              + " VALUES ('nightly-export', 'daily', '8:30', '"
              + script
              + "', 1)");
      await().atMost(FOLLOWED).until(() -> scheduler.getSchedule("nightly-export").isPresent());

      clock.advance(Duration.ofHours(1));

      assertThat(scheduler.getHistory("nightly-export", 5))
          .extracting(ExecutionRecord::scheduledTime)
          .containsExactly(Instant.parse("2026-03-09T08:30:00Z"));
      assertThat(Files.readAllLines(marker)).containsExactly("ran");
    }
  }

  @Test
  void an_edit_of_the_spec_is_honoured_for_every_timing_type() throws Exception {
    try (PipelineScheduler scheduler = started()) {
      Map<String, Object> none = Map.of();
      scheduler.schedule("cron").cron("0 9 * * *").run("report", none);
      scheduler.schedule("daily").daily(LocalTime.of(9, 0)).run("report", none);
      scheduler.schedule("hourly").hourly(5).run("report", none);
      scheduler.schedule("interval").every(Duration.ofHours(1)).run("report", none);
      scheduler.schedule("weekly").weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0)).run("report", none);
      scheduler
          .schedule("weekly-time")
          .weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0))
          .run("report", none);
      scheduler.schedule("monthly").monthly(1, LocalTime.of(9, 0)).run("report", none);
      scheduler.schedule("months").everyMonths(3, 1, LocalTime.of(9, 0)).run("report", none);
      scheduler.schedule("once").once(Instant.parse("2026-04-01T09:00:00Z")).run("report", none);
      scheduler.schedule("manual").manual().run("report", none);

      // name -> the edit, and the spec it gives
      Map<String, List<String>> edits = new LinkedHashMap<>();
      edits.put("cron", List.of("spec = '0 10 * * *'", "0 10 * * *"));
      edits.put("daily", List.of("spec = '10:30'", "10:30"));
      edits.put("hourly", List.of("spec = ':20'", ":20"));
      edits.put("interval", List.of("spec = 'PT2H'", "PT2H"));
      edits.put("weekly", List.of("spec = 'FRIDAY 09:00'", "FRIDAY 09:00"));
      edits.put("weekly-time", List.of("time_of_day = '07:15'", "MONDAY 07:15"));
      edits.put("monthly", List.of("spec = 'day 15 at 09:00'", "day 15 at 09:00"));
      edits.put(
          "months",
          List.of("spec = 'every 6 months on day 1 at 09:00'", "every 6 months on day 1 at 09:00"));
      edits.put("once", List.of("spec = '2026-05-01T09:00:00Z'", "2026-05-01T09:00:00Z"));
      edits.put(
          "manual",
          List.of("schedule_type = 'DAILY', spec = NULL, time_of_day = '06:00'", "06:00"));
      for (Map.Entry<String, List<String>> edit : edits.entrySet()) {
        sql(
            "UPDATE ps_schedules SET "
                + edit.getValue().get(0)
                + " WHERE name = '"
                + edit.getKey()
                + "'");
      }

      edits.forEach(
          (name, edit) ->
              await()
                  .atMost(FOLLOWED)
                  .untilAsserted(
                      () ->
                          assertThat(scheduler.getSchedule(name).orElseThrow().spec())
                              .as(name)
                              .isEqualTo(edit.get(1))));

      assertThat(scheduler.nextRuns("weekly-time", 1).get(0).toInstant())
          .isEqualTo(Instant.parse("2026-03-16T07:15:00Z"));
      assertThat(scheduler.nextRuns("weekly", 1).get(0).toInstant())
          .isEqualTo(Instant.parse("2026-03-13T09:00:00Z"));
      assertThat(scheduler.healthCheck().details()).doesNotContainKey("invalidStoredSchedules");
    }
  }

  @Test
  void daily_weekly_monthly_every_six_months_and_manual_are_expressible_in_the_columns()
      throws Exception {
    try (PipelineScheduler scheduler = started()) {
      String columns =
          "INSERT INTO ps_schedules (name, schedule_type, spec, time_of_day,"
              + " start_date, job_type, enabled) VALUES ";
      sql(columns + "('d', 'DAILY', NULL, '09:00', NULL, 'report', 1)");
      sql(columns + "('w', 'WEEKLY', 'wed', '09:00', NULL, 'report', 1)");
      sql(columns + "('m', 'MONTHLY', '1', '09:00', NULL, 'report', 1)");
      sql(columns + "('half-year', 'EVERY_MONTHS', '6 1', '09:00', '2026-04-01', 'report', 1)");
      sql(columns + "('by-hand', 'MANUAL', NULL, NULL, NULL, 'report', 1)");
      await().atMost(FOLLOWED).until(() -> scheduler.listSchedules().size() == 5);

      assertThat(scheduler.getSchedule("d").orElseThrow().spec()).isEqualTo("09:00");
      assertThat(scheduler.getSchedule("w").orElseThrow().spec()).isEqualTo("WEDNESDAY 09:00");
      assertThat(scheduler.getSchedule("m").orElseThrow().spec()).isEqualTo("day 1 at 09:00");
      assertThat(scheduler.getSchedule("half-year").orElseThrow().spec())
          .isEqualTo("every 6 months on day 1 at 09:00");
      assertThat(scheduler.nextRuns("half-year", 3))
          .extracting(ZonedDateTime::toInstant)
          .containsExactly(
              Instant.parse("2026-04-01T09:00:00Z"),
              Instant.parse("2026-10-01T09:00:00Z"),
              Instant.parse("2027-04-01T09:00:00Z"));
      assertThat(scheduler.getSchedule("by-hand").orElseThrow().nextRun()).isNull();
    }
  }

  @Test
  void a_schedule_whose_row_an_edit_broke_keeps_running_as_it_was_and_says_why() throws Exception {
    List<Instant> runs = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler = started()) {
      scheduler.registerJobType("count", (context, params) -> runs.add(context.scheduledTime()));
      scheduler.schedule("report").daily(LocalTime.of(9, 0)).run("count", Map.of());

      sql("UPDATE ps_schedules SET spec = NULL, time_of_day = '25:99' WHERE name = 'report'");
      await()
          .atMost(FOLLOWED)
          .until(() -> scheduler.healthCheck().details().containsKey("invalidStoredSchedules"));
      clock.advance(Duration.ofHours(1));

      assertThat(scheduler.getSchedule("report").orElseThrow().spec()).isEqualTo("09:00");
      assertThat(runs).containsExactly(Instant.parse("2026-03-09T09:00:00Z"));
      assertThat(scheduler.healthCheck().details().get("invalidStoredSchedules").toString())
          .contains("report")
          .contains("'25:99'");
    }
  }

  @Test
  void a_row_that_cannot_be_used_is_shown_in_health_and_the_api_with_its_reason() throws Exception {
    try (PipelineScheduler scheduler = started();
        SchedulerHttpServer server =
            SchedulerHttpServer.builder(scheduler).port(0).token("secret").start()) {
      sql(
          "INSERT INTO ps_schedules (name, schedule_type, time_of_day, job_type, enabled)"
              + " VALUES ('broken', 'DAILY', 'nine', 'report', 1)");
      await()
          .atMost(FOLLOWED)
          .until(() -> scheduler.healthCheck().details().containsKey("invalidStoredSchedules"));

      HealthStatus health = scheduler.healthCheck();
      assertThat(health.status()).isEqualTo(Health.UP);
      @SuppressWarnings("unchecked")
      Map<String, String> invalid =
          (Map<String, String>) health.details().get("invalidStoredSchedules");
      assertThat(invalid.get("broken")).contains("time_of_day").contains("'nine'");
      assertThat(scheduler.getSchedule("broken")).isEmpty();

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              server.url().toString().replaceAll("/$", "")
                                  + "/api/scheduler/health"))
                      .header("Authorization", "Bearer secret")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode json = new ObjectMapper().readTree(response.body());
      assertThat(json.path("details").path("invalidStoredSchedules").path("broken").asText())
          .contains("time_of_day");

      sql("UPDATE ps_schedules SET time_of_day = '09:00' WHERE name = 'broken'");
      await().atMost(FOLLOWED).until(() -> scheduler.getSchedule("broken").isPresent());
      assertThat(scheduler.healthCheck().details()).doesNotContainKey("invalidStoredSchedules");
      assertThat(List.of(scheduler.getSchedule("broken").orElseThrow().spec()))
          .containsExactly("09:00");
    }
  }
}
