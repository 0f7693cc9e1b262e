package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.persistence.internal.DatabaseKind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL scripts shipped for teams that manage schemas themselves: applied by hand, the store
 * accepts them, and the two databases get the same tables, columns and indexes.
 */
class ShippedSchemaTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  @Test
  void the_store_opens_and_works_on_a_sqlite_schema_applied_by_hand() throws SQLException {
    Path file = directory.resolve("by-hand.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      HistoryRows.applyScript(connection, DatabaseKind.SQLITE, false);
      HistoryRows.applyScript(connection, DatabaseKind.SQLITE, true);
      HistoryRows.insertVersionRow(connection);
    }

    try (JpaScheduleStore store =
        JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file).build())) {
      ExecutionRecord run =
          ExecutionRecord.running("r1", "report", T0, T0, 1, Trigger.SCHEDULED, "node-a");
      assertThat(store.insertRun(run)).isTrue();
      assertThat(store.findRun("r1")).contains(run);
    }
  }

  @Test
  void the_store_opens_and_works_on_a_postgresql_schema_applied_by_hand() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    String url = server.newSchemaUrl();
    try (Connection connection = server.connect(url)) {
      HistoryRows.applyScript(connection, DatabaseKind.POSTGRESQL, false);
      HistoryRows.applyScript(connection, DatabaseKind.POSTGRESQL, true);
      HistoryRows.insertVersionRow(connection);
    }

    try (JpaScheduleStore store =
        JpaScheduleStore.open(
            SchedulerConfig.builder()
                .dbUrl(url)
                .dbUser(server.user())
                .dbPassword(server.password())
                .build())) {
      ExecutionRecord run =
          ExecutionRecord.running("r1", "report", T0, T0, 1, Trigger.SCHEDULED, "node-a");
      assertThat(store.insertRun(run)).isTrue();
      assertThat(store.findRun("r1")).contains(run);
    }
  }

  @Test
  void both_scripts_make_the_same_tables_columns_and_indexes_as_the_store() throws SQLException {
    Path file = directory.resolve("made-by-store.db");
    PostgresServer server = PostgresServer.shared();
    String url = server.newSchemaUrl();
    JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file).build()).close();
    JpaScheduleStore.open(
            SchedulerConfig.builder()
                .dbUrl(url)
                .dbUser(server.user())
                .dbPassword(server.password())
                .build())
        .close();

    Map<String, Set<String>> sqlite;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      sqlite = shape(connection, "SELECT name FROM sqlite_master WHERE type = 'index'");
    }
    Map<String, Set<String>> postgres;
    try (Connection connection = server.connect(url)) {
      postgres =
          shape(connection, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()");
    }

    assertThat(sqlite).isEqualTo(postgres);
    assertThat(sqlite.keySet())
        .containsExactly("indexes", "ps_runs", "ps_schedules", "ps_schema_version");
    assertThat(sqlite.get("indexes"))
        .contains("ps_runs_fence", "ps_runs_history", "ps_runs_status", "ps_runs_finished");
    assertThat(sqlite.get("ps_runs")).contains("fence_slot_at", "heartbeat_at", "duration_us");
  }

  /** The columns of each ps_ table, plus the names of the named indexes under "indexes". */
  private static Map<String, Set<String>> shape(Connection connection, String indexQuery)
      throws SQLException {
    Map<String, Set<String>> shape = new TreeMap<>();
    for (String table : new String[] {"ps_schema_version", "ps_schedules", "ps_runs"}) {
      Set<String> columns = new TreeSet<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          columns.add(rows.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT));
        }
      }
      shape.put(table, columns);
    }
    Set<String> indexes = new TreeSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(indexQuery)) {
      while (rows.next()) {
        String name = rows.getString(1);
        if (name.startsWith("ps_runs_") && !name.endsWith("_pkey")) { // PostgreSQL's primary key
          indexes.add(name);
        }
      }
    }
    shape.put("indexes", indexes);
    return shape;
  }
}
