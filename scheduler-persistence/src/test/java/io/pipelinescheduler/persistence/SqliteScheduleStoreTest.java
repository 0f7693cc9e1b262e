package io.pipelinescheduler.persistence;

import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class SqliteScheduleStoreTest extends JpaScheduleStoreContract {
  @TempDir Path directory;

  private Path file() {
    return directory.resolve("scheduler.db");
  }

  @Override
  protected SchedulerConfig config() {
    return SchedulerConfig.builder().dbPath(file()).build();
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file());
  }
}
