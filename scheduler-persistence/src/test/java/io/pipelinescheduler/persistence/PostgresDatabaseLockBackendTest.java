package io.pipelinescheduler.persistence;

import io.pipelinescheduler.SchedulerConfig;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The {@code database} lock backend on a real PostgreSQL (embedded, or {@code
 * SCHEDULER_TEST_POSTGRES_URL}), a schema of its own per test, shared by several stores.
 */
class PostgresDatabaseLockBackendTest extends DatabaseLockBackendContract {
  private final PostgresServer server = PostgresServer.shared();
  private final String url = server.newSchemaUrl("claims");

  @Override
  protected JpaScheduleStore openStore() {
    return JpaScheduleStore.open(
        SchedulerConfig.builder()
            .dbUrl(url)
            .dbUser(server.user())
            .dbPassword(server.password())
            .build());
  }

  @Override
  protected Connection connect() throws SQLException {
    return server.connect(url);
  }
}
