package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SchedulerConfig.Builder#dataSource}: the store runs on the application's pool (SQLite and
 * PostgreSQL told from its metadata), builds no pool of its own, and leaves the pool open.
 */
class GivenDataSourceTest {
  @TempDir Path directory;

  @Test
  void a_sqlite_pool_of_the_application_keeps_the_runs_and_stays_open() throws Exception {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:sqlite:" + directory.resolve("app.db"));
    hikari.setPoolName("app-sqlite");
    hikari.addDataSourceProperty("busy_timeout", "5000");
    try (HikariDataSource pool = new HikariDataSource(hikari)) {
      runOnceAndCheck(pool, "sqlite");
    }
  }

  @Test
  void a_postgresql_pool_of_the_application_keeps_the_runs_and_stays_open() throws Exception {
    PostgresServer server = PostgresServer.shared();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(server.newSchemaUrl("given"));
    hikari.setUsername(server.user());
    hikari.setPassword(server.password());
    hikari.setPoolName("app-postgresql");
    try (HikariDataSource pool = new HikariDataSource(hikari)) {
      runOnceAndCheck(pool, "postgresql");
    }
  }

  private static void runOnceAndCheck(HikariDataSource pool, String store) throws Exception {
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dataSource(pool)
                // Ignored when a dataSource is given: no file may appear here.
                .dbPath(Path.of("must-not-be-created.db"))
                .meterRegistry(new SimpleMeterRegistry())
                .shutdownGrace(Duration.ofSeconds(1))
                .build())) {
      scheduler.schedule("given-pool").manual().run(context -> {});
      scheduler.start();
      assertThat(scheduler.runNow("given-pool").get(30, TimeUnit.SECONDS).status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      Map<String, Object> details = scheduler.healthCheck().details();
      assertThat(details).containsEntry("store", store);
      assertThat(details.toString()).contains("name=" + pool.getPoolName());
    }
    assertThat(pool.isClosed()).isFalse();
    assertThat(Path.of("must-not-be-created.db")).doesNotExist();
    assertThat(countSuccessfulRuns(pool)).isEqualTo(1);
  }

  private static int countSuccessfulRuns(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(*) FROM ps_runs WHERE schedule_name = 'given-pool'"
                    + " AND status = 'SUCCEEDED'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
