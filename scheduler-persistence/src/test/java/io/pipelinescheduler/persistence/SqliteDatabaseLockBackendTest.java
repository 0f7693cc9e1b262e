package io.pipelinescheduler.persistence;

import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The {@code database} lock backend on a real SQLite file shared by several stores. */
class SqliteDatabaseLockBackendTest extends DatabaseLockBackendContract {
  @TempDir Path directory;

  @Override
  protected JpaScheduleStore openStore() {
    return JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file()).build());
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }

  private Path file() {
    return directory.resolve("claims.db");
  }
}
