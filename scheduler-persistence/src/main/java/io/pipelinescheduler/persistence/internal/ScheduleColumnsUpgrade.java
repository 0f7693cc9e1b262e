package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings {@code ps_schedules} of schema version 1 or 2 to version 3: the readable columns
 * (time_of_day, start_date, command, arguments, job_type), and spec and zone_id that may be NULL,
 * enabled and version with defaults, so that a row inserted by hand needs only its essential
 * columns. Runs in the schema transaction, before the shipped script (which then re-creates the
 * change triggers with their version-3 conditions). Every row is kept.
 */
final class ScheduleColumnsUpgrade {
  /** The columns of version 2, which every older row has. */
  private static final String OLD_COLUMNS =
      "name, schedule_type, spec, zone_id, enabled, anchor_at, last_slot_at, next_run_at,"
          + " definition, version";

  private static final List<String> POSTGRES =
      List.of(
          "ALTER TABLE ps_schedules ADD COLUMN IF NOT EXISTS time_of_day VARCHAR(16)",
          "ALTER TABLE ps_schedules ADD COLUMN IF NOT EXISTS start_date VARCHAR(16)",
          "ALTER TABLE ps_schedules ADD COLUMN IF NOT EXISTS command TEXT",
          "ALTER TABLE ps_schedules ADD COLUMN IF NOT EXISTS arguments TEXT",
          "ALTER TABLE ps_schedules ADD COLUMN IF NOT EXISTS job_type VARCHAR(255)",
          "ALTER TABLE ps_schedules ALTER COLUMN spec DROP NOT NULL",
          "ALTER TABLE ps_schedules ALTER COLUMN zone_id DROP NOT NULL",
          "ALTER TABLE ps_schedules ALTER COLUMN enabled SET DEFAULT TRUE",
          "ALTER TABLE ps_schedules ALTER COLUMN version SET DEFAULT 0");

  private ScheduleColumnsUpgrade() {}

  static void apply(Connection connection, DatabaseKind kind) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (kind == DatabaseKind.POSTGRESQL) {
        for (String ddl : POSTGRES) {
          statement.execute(ddl);
        }
        return;
      }
      if (hasReadableColumns(statement)) {
        return;
      }
      // SQLite cannot drop NOT NULL nor add defaults to a column: the table is made again. Its
      // triggers go with the old table; the script that runs next creates them on the new one.
      statement.execute("ALTER TABLE ps_schedules RENAME TO ps_schedules_before_v3");
      statement.execute(createTable());
      statement.execute(
          "INSERT INTO ps_schedules ("
              + OLD_COLUMNS
              + ") SELECT "
              + OLD_COLUMNS
              + " FROM ps_schedules_before_v3");
      statement.execute("DROP TABLE ps_schedules_before_v3");
    }
  }

  private static boolean hasReadableColumns(Statement statement) throws SQLException {
    return hasColumn(statement, "ps_schedules", "time_of_day");
  }

  /** Whether the SQLite table has the column. */
  static boolean hasColumn(Statement statement, String table, String column) throws SQLException {
    try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (columns.next()) {
        if (column.equalsIgnoreCase(columns.getString("name"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The CREATE TABLE of ps_schedules in the shipped SQLite script. */
  private static String createTable() {
    for (String ddl : SchemaScript.statements(DatabaseKind.SQLITE)) {
      if (ddl.startsWith("CREATE TABLE IF NOT EXISTS ps_schedules (")) {
        return ddl;
      }
    }
    throw new SchedulerException(
        "missing CREATE TABLE ps_schedules in " + DatabaseKind.SQLITE.schemaResource());
  }
}
