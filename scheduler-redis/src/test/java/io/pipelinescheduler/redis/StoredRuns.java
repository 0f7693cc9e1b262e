package io.pipelinescheduler.redis;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of {@code ps_runs} as the JPA store left them, read over plain JDBC so that the test
 * checks the database itself, not the store's reading of it. Instants are BIGINT microseconds since
 * the epoch there.
 */
final class StoredRuns {
  /** One row of {@code ps_runs}. */
  record StoredRun(
      String runId,
      String schedule,
      Instant slot,
      int attempt,
      String trigger,
      String status,
      String node) {

    /**
     * Its schedule, slot and attempt, as {@code DistributedRunsIT.Run#slotAttempt()} shows them.
     */
    String slotAttempt() {
      return schedule + " " + slot + " attempt " + attempt;
    }

    /** The same run as a child's {@code RUN} line would show it. */
    String key() {
      return schedule + " " + slot + " " + attempt + " " + node;
    }
  }

  private StoredRuns() {}

  /** Every row, oldest slot first. */
  static List<StoredRun> all(Connection connection) throws SQLException {
    List<StoredRun> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT run_id, schedule_name, scheduled_at, attempt, run_trigger, status, node"
                    + " FROM ps_runs ORDER BY scheduled_at, schedule_name, attempt")) {
      while (result.next()) {
        rows.add(
            new StoredRun(
                result.getString("run_id"),
                result.getString("schedule_name"),
                Instant.EPOCH.plus(result.getLong("scheduled_at"), ChronoUnit.MICROS),
                result.getInt("attempt"),
                result.getString("run_trigger"),
                result.getString("status"),
                result.getString("node")));
      }
    }
    return rows;
  }

  /**
   * Each (schedule, slot, attempt) of a non-manual run recorded more than once, with its count;
   * empty when the fence held.
   */
  static List<String> fenceDuplicates(Connection connection) throws SQLException {
    List<String> duplicates = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT schedule_name, scheduled_at, attempt, COUNT(*) AS n FROM ps_runs"
                    + " WHERE run_trigger <> 'MANUAL'"
                    + " GROUP BY schedule_name, scheduled_at, attempt HAVING COUNT(*) > 1")) {
      while (result.next()) {
        duplicates.add(
            result.getString("schedule_name")
                + " "
                + Instant.EPOCH.plus(result.getLong("scheduled_at"), ChronoUnit.MICROS)
                + " attempt "
                + result.getInt("attempt")
                + " x"
                + result.getLong("n"));
      }
    }
    return duplicates;
  }
}
