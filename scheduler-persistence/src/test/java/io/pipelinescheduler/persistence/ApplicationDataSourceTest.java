package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * {@code SchedulerConfig.dataSource}: the store works through the application's own pool (no second
 * pool), on a real SQLite file and on a real PostgreSQL server, and never closes it.
 */
class ApplicationDataSourceTest {
  @TempDir Path directory;

  @Test
  void schedules_run_and_are_recorded_through_the_applications_sqlite_pool_which_stays_open()
      throws Exception {
    try (HikariDataSource appPool = sqlitePool()) {
      runOneHourThrough(appPool, "sqlite");

      assertThat(appPool.isClosed()).isFalse();
      assertThat(succeededRows(appPool)).isEqualTo(1);
    }
  }

  @Test
  void schedules_run_and_are_recorded_through_the_applications_postgresql_pool() throws Exception {
    PostgresServer postgres = PostgresServer.shared();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(postgres.newSchemaUrl("app_data_source"));
    hikari.setUsername(postgres.user());
    hikari.setPassword(postgres.password());
    hikari.setPoolName("the-apps-pool");
    try (HikariDataSource appPool = new HikariDataSource(hikari)) {
      runOneHourThrough(appPool, "postgresql");

      assertThat(appPool.isClosed()).isFalse();
      assertThat(succeededRows(appPool)).isEqualTo(1);
    }
  }

  @Test
  void the_store_creates_its_tables_beside_the_applications_own_in_its_sqlite_file()
      throws Exception {
    try (HikariDataSource appPool = sqlitePool()) {
      try (Connection connection = appPool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY, customer TEXT)");
        statement.execute("INSERT INTO invoice (customer) VALUES ('acme')");
      }

      runOneHourThrough(appPool, "sqlite");

      assertThat(succeededRows(appPool)).isEqualTo(1);
      try (Connection connection = appPool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT customer FROM invoice")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("acme");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void a_data_source_that_is_not_hikaricp_is_named_by_its_class_in_health() {
    SQLiteDataSource plain = new SQLiteDataSource();
    plain.setUrl("jdbc:sqlite:" + directory.resolve("plain.db"));
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dataSource(plain)
                .meterRegistry(new SimpleMeterRegistry())
                .build())) {
      @SuppressWarnings("unchecked")
      Map<String, Object> store =
          (Map<String, Object>) scheduler.healthCheck().details().get("storeDetails");
      assertThat(store.get("pool")).isEqualTo(Map.of("class", SQLiteDataSource.class.getName()));
    }
  }

  @Test
  void a_sqlite_pool_on_an_in_memory_database_is_refused_naming_its_url() {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:sqlite::memory:");
    try (HikariDataSource appPool = new HikariDataSource(hikari)) {
      SchedulerConfig config =
          SchedulerConfig.builder()
              .dataSource(appPool)
              .meterRegistry(new SimpleMeterRegistry())
              .build();

      assertThatThrownBy(() -> PipelineScheduler.create(config))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining("jdbc:sqlite::memory:")
          .hasMessageContaining("not a plain file path");
      assertThat(appPool.isClosed()).isFalse();
    }
  }

  private HikariDataSource sqlitePool() {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:sqlite:" + directory.resolve("app.db"));
    hikari.setPoolName("the-apps-pool");
    return new HikariDataSource(hikari);
  }

  private void runOneHourThrough(HikariDataSource appPool, String storeType) {
    SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dataSource(appPool)
                .clock(clock)
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("app-pool")
                .build())) {
      scheduler.schedule("hourly").hourly(0).run(context -> {});
      scheduler.start();

      clock.advance(Duration.ofHours(1));

      assertThat(scheduler.getHistory("hourly", 10))
          .singleElement()
          .extracting(run -> run.status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
      @SuppressWarnings("unchecked")
      Map<String, Object> store =
          (Map<String, Object>) scheduler.healthCheck().details().get("storeDetails");
      assertThat(store).containsEntry("type", storeType);
      assertThat(store.get("pool").toString()).contains("name=the-apps-pool");
    }
  }

  private static int succeededRows(HikariDataSource pool) throws Exception {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM ps_runs WHERE status = 'SUCCEEDED'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
