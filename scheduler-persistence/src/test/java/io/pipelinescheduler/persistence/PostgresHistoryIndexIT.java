package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.persistence.internal.DatabaseKind;
import io.pipelinescheduler.persistence.internal.RunTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history query of a schedule uses its index on a table of a million runs (PostgreSQL). */
class PostgresHistoryIndexIT {
  // Rows made by the server in one statement; g = run * SCHEDULES + schedule.
  private static final String BULK_INSERT =
      "INSERT INTO ps_runs (run_id, schedule_name, scheduled_at, fence_slot_at, attempt,"
          + " run_trigger, status, success, started_at, finished_at, duration_us, error, output,"
          + " node)"
          + " SELECT (g % s) || '-' || (g / s), 'schedule-' || lpad((g % s)::text, 4, '0'), t, t,"
          + " 1, 'SCHEDULED', CASE WHEN g % 7 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END, g % 7 <> 0,"
          + " t, t + 1000000, 1000000, NULL, '', 'bulk'"
          + " FROM (SELECT g, "
          + HistoryRows.SCHEDULES
          + " AS s, "
          + HistoryRows.START_MICROS
          + " + (g / "
          + HistoryRows.SCHEDULES
          + ") * 60000000::bigint AS t FROM generate_series(0, "
          + (HistoryRows.TOTAL - 1)
          + ") AS g) AS rows";

  private final PostgresServer server = PostgresServer.shared();

  @Test
  void history_of_one_schedule_among_a_million_runs_is_read_through_the_history_index()
      throws SQLException {
    String url = server.newSchemaUrl();
    try (Connection connection = server.connect(url);
        Statement statement = connection.createStatement()) {
      HistoryRows.applyScript(connection, DatabaseKind.POSTGRESQL, false);
      assertThat(statement.executeUpdate(BULK_INSERT)).isEqualTo(HistoryRows.TOTAL);
      HistoryRows.applyScript(connection, DatabaseKind.POSTGRESQL, true);
      HistoryRows.insertVersionRow(connection);
      statement.execute("ANALYZE ps_runs");
    }

    try (JpaScheduleStore store =
        JpaScheduleStore.open(
            SchedulerConfig.builder()
                .dbUrl(url)
                .dbUser(server.user())
                .dbPassword(server.password())
                .build())) {
      try (Connection connection = server.connect(url)) {
        String plan = String.join("\n", plan(connection));

        assertThat(plan).contains("ps_runs_history").doesNotContain("Seq Scan");
      }

      HistoryRows.assertLatest(store.findHistory(HistoryRows.scheduleName(421), 20), 421, 20);
      HistoryRows.assertLatest(store.findHistory(HistoryRows.scheduleName(0), 1), 0, 1);
    }
  }

  private static List<String> plan(Connection connection) throws SQLException {
    List<String> plan = new ArrayList<>();
    try (PreparedStatement explain =
        connection.prepareStatement("EXPLAIN " + RunTable.HISTORY_SQL)) {
      explain.setString(1, HistoryRows.scheduleName(421));
      explain.setInt(2, 20);
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          plan.add(rows.getString(1));
        }
      }
    }
    return plan;
  }
}
