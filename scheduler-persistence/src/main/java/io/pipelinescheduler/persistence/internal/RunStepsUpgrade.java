package io.pipelinescheduler.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Brings {@code ps_runs} of schema version 1, 2 or 3 to version 4: the nullable {@code steps}
 * column (the step outcomes of a pipeline run, as JSON). Runs in the schema transaction; every row
 * is kept and has no steps.
 */
final class RunStepsUpgrade {
  private RunStepsUpgrade() {}

  static void apply(Connection connection, DatabaseKind kind) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (kind == DatabaseKind.POSTGRESQL) {
        statement.execute("ALTER TABLE ps_runs ADD COLUMN IF NOT EXISTS steps TEXT");
        return;
      }
      if (!ScheduleColumnsUpgrade.hasColumn(statement, "ps_runs", "steps")) {
        statement.execute("ALTER TABLE ps_runs ADD COLUMN steps TEXT");
      }
    }
  }
}
