package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The schedule table on SQLite and PostgreSQL, real clock, the periodic refresh set to an hour so
 * that only the change announcements (the triggers on ps_schedules) carry an operator's edit: a row
 * inserted by hand and edits of the readable columns reach every instance; a database of schema
 * version 2 is migrated to version 3 keeping its schedules and runs.
 */
class ScheduleTableAcrossInstancesTest {
  private static final Duration FOLLOWED = Duration.ofSeconds(10);
  private static final String DEFINITION_V2 =
      "{\"timing\":{\"kind\":\"weekly\",\"day\":\"MONDAY\",\"at\":\"09:00\"},\"zone\":null,"
          + "\"startAt\":null,\"endAt\":null,\"maxRetries\":0,\"firstRetryDelay\":\"PT0S\","
          + "\"timeout\":null,\"overlap\":\"QUEUE\",\"misfire\":\"FIRE_ONCE\",\"dependsOn\":[],"
          + "\"description\":null,\"job\":{\"kind\":\"jobType\",\"jobType\":\"report\","
          + "\"params\":{\"id\":1}}}";

  @TempDir Path directory;

  private String pgUrl;

  private PipelineScheduler started(String kind, String instance) {
    SchedulerConfig.Builder config =
        SchedulerConfig.builder()
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId(instance)
            .refreshInterval(Duration.ofHours(1))
            .shutdownGrace(Duration.ofSeconds(1));
    if (kind.equals("sqlite")) {
      config.dbPath(directory.resolve("shared.db"));
    } else {
      PostgresServer postgres = PostgresServer.shared();
      config.dbUrl(pgUrl()).dbUser(postgres.user()).dbPassword(postgres.password());
    }
    PipelineScheduler scheduler = PipelineScheduler.create(config.build());
    scheduler.registerJobType("report", (context, params) -> {});
    scheduler.start();
    return scheduler;
  }

  private String pgUrl() {
    if (pgUrl == null) {
      pgUrl = PostgresServer.shared().newSchemaUrl("table");
    }
    return pgUrl;
  }

  private Connection connect(String kind) throws SQLException {
    return kind.equals("sqlite")
        ? DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("shared.db"))
        : PostgresServer.shared().connect(pgUrl());
  }

  private void sql(String kind, String... statements) throws SQLException {
    try (Connection connection = connect(kind);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private String column(String kind, String name, String column) throws SQLException {
    try (Connection connection = connect(kind);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT " + column + " FROM ps_schedules WHERE name = '" + name + "'")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_row_inserted_by_hand_and_edits_of_its_columns_reach_another_instance(String kind)
      throws SQLException {
    try (PipelineScheduler a = started(kind, "a");
        PipelineScheduler b = started(kind, "b")) {
      sql(
          kind,
          "INSERT INTO ps_schedules (name, schedule_type, time_of_day, command, enabled)"
              + " VALUES ('export', 'DAILY', '09:00', '/opt/team/export.sh', TRUE)");
      await().atMost(FOLLOWED).until(() -> b.getSchedule("export").isPresent());
      await().atMost(FOLLOWED).until(() -> a.getSchedule("export").isPresent());

      sql(kind, "UPDATE ps_schedules SET time_of_day = '10:15' WHERE name = 'export'");
      await()
          .atMost(FOLLOWED)
          .until(() -> b.getSchedule("export").map(ScheduleInfo::spec).orElse("").equals("10:15"));

      sql(
          kind,
          "UPDATE ps_schedules SET command = '/opt/team/export-v2.sh', arguments = '--full'"
              + " WHERE name = 'export'");
      await()
          .atMost(FOLLOWED)
          .until(
              () ->
                  b.exportSchedules().contains("/opt/team/export-v2.sh")
                      && b.exportSchedules().contains("--full"));

      a.schedule("weekly").weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0)).run("report", Map.of());
      await().atMost(FOLLOWED).until(() -> b.getSchedule("weekly").isPresent());
      assertThat(column(kind, "weekly", "time_of_day")).isEqualTo("09:00");
      assertThat(column(kind, "weekly", "job_type")).isEqualTo("report");
      sql(kind, "UPDATE ps_schedules SET spec = 'TUESDAY' WHERE name = 'weekly'");
      await()
          .atMost(FOLLOWED)
          .until(
              () ->
                  b.getSchedule("weekly")
                      .map(ScheduleInfo::spec)
                      .orElse("")
                      .equals("TUESDAY 09:00"));

      sql(kind, "UPDATE ps_schedules SET enabled = FALSE WHERE name = 'export'");
      await()
          .atMost(FOLLOWED)
          .until(() -> !b.getSchedule("export").map(ScheduleInfo::enabled).orElse(true));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_database_of_schema_version_2_is_migrated_to_3_keeping_its_schedules_and_runs(String kind)
      throws Exception {
    List<String> statements = new ArrayList<>(script("schema-" + kind + "-v2.sql"));
    statements.add(
        "INSERT INTO ps_schema_version (version, installed_at, description)"
            + " VALUES (2, 0, 'version 2')");
    statements.add(
        "INSERT INTO ps_schedules (name, schedule_type, spec, zone_id, enabled, anchor_at,"
            + " last_slot_at, next_run_at, definition, version) VALUES ('weekly-report',"
            + " 'WEEKLY', 'MONDAY 09:00', 'Z', TRUE, 0, NULL, NULL, '"
            + DEFINITION_V2
            + "', 3)");
    statements.add(
        "INSERT INTO ps_schedules (name, schedule_type, spec, zone_id, enabled, anchor_at,"
            + " last_slot_at, next_run_at, definition, version) VALUES ('code-job', 'DAILY',"
            + " '09:00', 'Z', TRUE, 0, NULL, NULL, NULL, 1)");
    statements.add(
        "INSERT INTO ps_runs (run_id, schedule_name, scheduled_at, fence_slot_at, attempt,"
            + " run_trigger, status, success, started_at, finished_at, duration_us, error, output,"
            + " node, heartbeat_at) VALUES ('run-1', 'weekly-report', 1000000, 1000000, 1,"
            + " 'SCHEDULED', 'SUCCEEDED', TRUE, 1000000, 2000000, 1000000, NULL, 'done', 'old',"
            + " NULL)");
    sql(kind, statements.toArray(String[]::new));

    try (PipelineScheduler scheduler = started(kind, "a")) {
      assertThat(column(kind, "code-job", "spec")).isEqualTo("09:00");
      try (Connection connection = connect(kind);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT max(version) FROM ps_schema_version")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(JpaScheduleStore.SCHEMA_VERSION);
      }
      assertThat(scheduler.getSchedule("weekly-report").orElseThrow().spec())
          .isEqualTo("MONDAY 09:00");
      assertThat(scheduler.getHistory("weekly-report", 5))
          .extracting(ExecutionRecord::runId, ExecutionRecord::output)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("run-1", "done"));
      // Restored and saved again: its readable columns are written.
      assertThat(column(kind, "weekly-report", "time_of_day")).isEqualTo("09:00");
      assertThat(column(kind, "weekly-report", "job_type")).isEqualTo("report");

      // The triggers of version 3 announce an edit of a new column.
      sql(kind, "UPDATE ps_schedules SET time_of_day = '07:15' WHERE name = 'weekly-report'");
      await()
          .atMost(FOLLOWED)
          .until(
              () ->
                  scheduler
                      .getSchedule("weekly-report")
                      .map(ScheduleInfo::spec)
                      .orElse("")
                      .equals("MONDAY 07:15"));
    }
  }

  /** The worked example of docs/persistence.md, statement for statement, on PostgreSQL. */
  @org.junit.jupiter.api.Test
  void the_worked_example_of_a_teams_table_drives_schedules() throws SQLException {
    try (PipelineScheduler scheduler = started("postgresql", "a")) {
      sql(
          "postgresql",
          "CREATE TABLE team_jobs (job_name TEXT PRIMARY KEY, command_path TEXT, start_date DATE,"
              + " run_at TEXT, frequency TEXT, active BOOLEAN)",
          "INSERT INTO team_jobs VALUES"
              + " ('export-orders', '/opt/team/export-orders.sh', '2027-01-01', '02:30', 'DAILY',"
              + " TRUE),"
              + " ('weekly-report', '/opt/team/weekly-report.sh', '2027-01-01', '07:00',"
              + " 'WEEKLY MON', TRUE),"
              + " ('month-close', '/opt/team/month-close.sh', '2027-01-01', '06:00', 'MONTHLY 1',"
              + " TRUE),"
              + " ('half-year-audit', '/opt/team/audit.sh', '2027-01-01', '09:00',"
              + " 'EVERY_MONTHS 6 1', TRUE),"
              + " ('rebuild-index', '/opt/team/rebuild-index.sh', NULL, NULL, 'MANUAL', FALSE)",
          "INSERT INTO ps_schedules (name, schedule_type, spec, time_of_day, start_date, command,"
              + " enabled)"
              + " SELECT job_name,"
              + " split_part(frequency, ' ', 1),"
              + " NULLIF(substr(frequency, length(split_part(frequency, ' ', 1)) + 2), ''),"
              + " run_at, to_char(start_date, 'YYYY-MM-DD'), command_path, active"
              + " FROM team_jobs"
              + " ON CONFLICT (name) DO UPDATE SET schedule_type = excluded.schedule_type,"
              + " spec = excluded.spec, time_of_day = excluded.time_of_day,"
              + " start_date = excluded.start_date, command = excluded.command,"
              + " enabled = excluded.enabled");
      await().atMost(FOLLOWED).until(() -> scheduler.listSchedules().size() == 5);
      assertThat(scheduler.listSchedules())
          .extracting(ScheduleInfo::name, ScheduleInfo::spec, ScheduleInfo::enabled)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("export-orders", "02:30", true),
              org.assertj.core.groups.Tuple.tuple(
                  "half-year-audit", "every 6 months on day 1 at 09:00", true),
              org.assertj.core.groups.Tuple.tuple("month-close", "day 1 at 06:00", true),
              org.assertj.core.groups.Tuple.tuple("rebuild-index", "manual", false),
              org.assertj.core.groups.Tuple.tuple("weekly-report", "MONDAY 07:00", true));
      assertThat(scheduler.nextRuns("half-year-audit", 2))
          .extracting(java.time.ZonedDateTime::toInstant)
          .containsExactly(
              java.time.Instant.parse("2027-01-01T09:00:00Z"),
              java.time.Instant.parse("2027-07-01T09:00:00Z"));

      sql(
          "postgresql",
          "UPDATE ps_schedules SET time_of_day = '03:00' WHERE name = 'export-orders'",
          "UPDATE ps_schedules SET spec = 'FRI' WHERE name = 'weekly-report'",
          "UPDATE ps_schedules SET enabled = FALSE WHERE name = 'month-close'",
          "UPDATE ps_schedules SET arguments = '--dry-run' WHERE name = 'half-year-audit'",
          "DELETE FROM ps_schedules WHERE name = 'rebuild-index'");
      await()
          .atMost(FOLLOWED)
          .untilAsserted(
              () ->
                  assertThat(scheduler.listSchedules())
                      .extracting(ScheduleInfo::name, ScheduleInfo::spec, ScheduleInfo::enabled)
                      .containsExactly(
                          org.assertj.core.groups.Tuple.tuple("export-orders", "03:00", true),
                          org.assertj.core.groups.Tuple.tuple(
                              "half-year-audit", "every 6 months on day 1 at 09:00", true),
                          org.assertj.core.groups.Tuple.tuple(
                              "month-close", "day 1 at 06:00", false),
                          org.assertj.core.groups.Tuple.tuple(
                              "weekly-report", "FRIDAY 07:00", true)));
      await().atMost(FOLLOWED).until(() -> scheduler.exportSchedules().contains("--dry-run"));
    }
  }

  /** The statements of a script shipped with an older schema version (kept as a test resource). */
  static List<String> script(String resource) throws IOException {
    String text;
    try (InputStream in = ScheduleTableAcrossInstancesTest.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\\R")) {
      if (line.isBlank() || line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    return statements;
  }
}
