package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.persistence.internal.DatabaseKind;
import io.pipelinescheduler.persistence.internal.RunTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history query of a schedule uses its index on a table of a million runs (SQLite). */
class SqliteHistoryIndexIT {
  @TempDir Path directory;

  @Test
  void history_of_one_schedule_among_a_million_runs_is_read_through_the_history_index()
      throws SQLException {
    Path file = directory.resolve("big.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      HistoryRows.applyScript(connection, DatabaseKind.SQLITE, false);
      bulkInsert(connection);
      HistoryRows.applyScript(connection, DatabaseKind.SQLITE, true);
      HistoryRows.insertVersionRow(connection);
    }

    try (JpaScheduleStore store =
        JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file).build())) {
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
        List<String> planBefore = plan(connection);
        try (Statement statement = connection.createStatement()) {
          statement.execute("ANALYZE");
        }
        List<String> planAfter = plan(connection);

        for (List<String> plan : List.of(planBefore, planAfter)) {
          assertThat(String.join("\n", plan))
              .contains("USING INDEX ps_runs_history")
              .doesNotContain("TEMP B-TREE")
              .doesNotContain("SCAN ps_runs");
        }
        try (Statement statement = connection.createStatement();
            ResultSet count = statement.executeQuery("SELECT count(*) FROM ps_runs")) {
          count.next();
          assertThat(count.getLong(1)).isEqualTo(HistoryRows.TOTAL);
        }
      }

      HistoryRows.assertLatest(store.findHistory(HistoryRows.scheduleName(421), 20), 421, 20);
      HistoryRows.assertLatest(store.findHistory(HistoryRows.scheduleName(0), 1), 0, 1);
    }
  }

  private static List<String> plan(Connection connection) throws SQLException {
    List<String> plan = new ArrayList<>();
    try (PreparedStatement explain =
        connection.prepareStatement("EXPLAIN QUERY PLAN " + RunTable.HISTORY_SQL)) {
      explain.setString(1, HistoryRows.scheduleName(421));
      explain.setInt(2, 20);
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          plan.add(rows.getString("detail"));
        }
      }
    }
    return plan;
  }

  private static void bulkInsert(Connection connection) throws SQLException {
    try (Statement pragma = connection.createStatement()) {
      pragma.execute("PRAGMA synchronous=OFF");
      pragma.execute("PRAGMA cache_size=-131072");
    }
    connection.setAutoCommit(false);
    try (PreparedStatement insert = connection.prepareStatement(HistoryRows.INSERT)) {
      int pending = 0;
      for (int run = 0; run < HistoryRows.RUNS_PER_SCHEDULE; run++) {
        long started = HistoryRows.startMicros(run);
        for (int schedule = 0; schedule < HistoryRows.SCHEDULES; schedule++) {
          boolean ok = (run + schedule) % 7 != 0;
          insert.setString(1, schedule + "-" + run);
          insert.setString(2, HistoryRows.scheduleName(schedule));
          insert.setLong(3, started);
          insert.setLong(4, started);
          insert.setString(5, ok ? "SUCCEEDED" : "FAILED");
          insert.setBoolean(6, ok);
          insert.setLong(7, started);
          insert.setLong(8, started + 1_000_000L);
          insert.setLong(9, 1_000_000L);
          insert.setString(10, ok ? null : "java.lang.IllegalStateException: boom");
          insert.addBatch();
          if (++pending == 10_000) {
            insert.executeBatch();
            pending = 0;
          }
        }
      }
      insert.executeBatch();
    }
    connection.commit();
    connection.setAutoCommit(true);
  }
}
