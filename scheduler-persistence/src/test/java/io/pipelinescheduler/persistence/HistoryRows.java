package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.persistence.internal.DatabaseKind;
import io.pipelinescheduler.persistence.internal.SchemaScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The large history of the index tests: {@link #SCHEDULES} schedules with {@link
 * #RUNS_PER_SCHEDULE} finished runs each, one a minute, interleaved so that a schedule's rows are
 * spread over the table.
 */
final class HistoryRows {
  static final int SCHEDULES = 1_000;
  static final int RUNS_PER_SCHEDULE = 1_000;
  static final int TOTAL = SCHEDULES * RUNS_PER_SCHEDULE;
  static final long START_MICROS =
      Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

  /** The columns of the bulk insert, in order. */
  static final String INSERT =
      "INSERT INTO ps_runs (run_id, schedule_name, scheduled_at, fence_slot_at, attempt,"
          + " run_trigger, status, success, started_at, finished_at, duration_us, error, output,"
          + " node) VALUES (?, ?, ?, ?, 1, 'SCHEDULED', ?, ?, ?, ?, ?, ?, '', 'bulk')";

  private HistoryRows() {}

  /** Runs the shipped script's CREATE TABLE statements (or its CREATE INDEX ones). */
  static void applyScript(Connection connection, DatabaseKind kind, boolean indexes)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : SchemaScript.statements(kind)) {
        if (ddl.contains(" INDEX ") == indexes) {
          statement.execute(ddl);
        }
      }
    }
  }

  /** Marks a schema made by hand with its version, as a team applying the script would. */
  static void insertVersionRow(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO ps_schema_version (version, installed_at, description)"
              + " VALUES ("
              + JpaScheduleStore.SCHEMA_VERSION
              + ", 0, 'applied by hand')");
    }
  }

  static String scheduleName(int schedule) {
    return String.format("schedule-%04d", schedule);
  }

  /** Microseconds since the epoch of the start of a schedule's {@code run}th run. */
  static long startMicros(int run) {
    return START_MICROS + run * 60_000_000L;
  }

  /** Checks what the store returns for one schedule's latest runs. */
  static void assertLatest(List<ExecutionRecord> history, int schedule, int limit) {
    assertThat(history).hasSize(limit);
    assertThat(history)
        .extracting(ExecutionRecord::scheduleName)
        .containsOnly(scheduleName(schedule));
    for (int i = 0; i < limit; i++) {
      ExecutionRecord run = history.get(i);
      long expectedMicros = startMicros(RUNS_PER_SCHEDULE - 1 - i);
      assertThat(run.startedAt()).isEqualTo(Instant.ofEpochSecond(expectedMicros / 1_000_000L));
      assertThat(run.status()).isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
    }
  }
}
