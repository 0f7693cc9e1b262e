package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.spi.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Rows to records. */
final class RowMapping {
  private RowMapping() {}

  static ExecutionRecord run(RunRow row) {
    return new ExecutionRecord(
        row.runId,
        row.scheduleName,
        row.scheduledAt,
        row.startedAt,
        row.finishedAt,
        ExecutionStatus.valueOf(row.status),
        row.success,
        Micros.toDuration(row.durationMicros),
        row.attempt,
        Trigger.valueOf(row.trigger),
        row.error,
        row.output,
        row.node,
        StoredJson.readSteps(row.runId, row.steps));
  }

  /** The current row of a {@code SELECT * FROM ps_runs} read over JDBC. */
  static ExecutionRecord run(ResultSet rows) throws SQLException {
    return new ExecutionRecord(
        rows.getString("run_id"),
        rows.getString("schedule_name"),
        micros(rows, "scheduled_at"),
        micros(rows, "started_at"),
        micros(rows, "finished_at"),
        ExecutionStatus.valueOf(rows.getString("status")),
        rows.getBoolean("success"),
        Micros.toDuration(rows.getLong("duration_us")),
        rows.getInt("attempt"),
        Trigger.valueOf(rows.getString("run_trigger")),
        rows.getString("error"),
        rows.getString("output"),
        rows.getString("node"),
        StoredJson.readSteps(rows.getString("run_id"), rows.getString("steps")));
  }

  /** A column of microseconds since the epoch as an instant; null stays null. */
  static Instant micros(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : Micros.toInstant(value);
  }

  /**
   * Text as PostgreSQL accepts it: NUL characters (which it refuses in text) become U+FFFD. Done on
   * both databases so that they return the same text.
   */
  static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }
}
