package io.pipelinescheduler.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.persistence.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in a real application context. */
class PipelineSchedulerAutoConfigurationTest {
  @TempDir Path directory;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PipelineSchedulerAutoConfiguration.class));

  @Test
  void runs_on_the_applications_sqlite_datasource_and_leaves_it_open() throws Exception {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:sqlite:" + directory.resolve("app.db"));
    hikari.setPoolName("app-pool");
    hikari.addDataSourceProperty("busy_timeout", "5000");
    runsOnTheApplicationsPool(hikari);
  }

  @Test
  void runs_on_the_applications_postgresql_datasource_and_leaves_it_open() throws Exception {
    PostgresServer server = PostgresServer.shared();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(server.newSchemaUrl("boot"));
    hikari.setUsername(server.user());
    hikari.setPassword(server.password());
    hikari.setPoolName("app-pool");
    runsOnTheApplicationsPool(hikari);
  }

  private void runsOnTheApplicationsPool(HikariConfig hikari) throws Exception {
    try (HikariDataSource pool = new HikariDataSource(hikari)) {
      runner
          .withBean(HikariDataSource.class, () -> pool, d -> d.setDestroyMethodName(""))
          .withPropertyValues(
              "pipeline.scheduler.instance-id=boot-test",
              "pipeline.scheduler.db-path=" + directory.resolve("not-used.db"))
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                PipelineScheduler scheduler = context.getBean(PipelineScheduler.class);
                assertThat(scheduler.isRunning()).isTrue();
                scheduler.schedule("boot-job").manual().run(job -> {});
                assertThat(scheduler.runNow("boot-job").get(30, TimeUnit.SECONDS).status())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(scheduler.healthCheck().details().toString()).contains("name=app-pool");
              });
      assertThat(pool.isClosed()).isFalse();
      assertThat(directory.resolve("not-used.db")).doesNotExist();
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT COUNT(*) FROM ps_runs WHERE schedule_name = 'boot-job'"
                      + " AND status = 'SUCCEEDED'")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void a_bad_property_fails_start_up_naming_the_property_and_the_value() {
    runner
        .withPropertyValues(
            "pipeline.scheduler.persist-schedules=false",
            "pipeline.scheduler.max-concurrent-runs=-3")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining(
                      "invalid value '-3' for property pipeline.scheduler.max-concurrent-runs");
            });
  }

  @Test
  void a_value_spring_cannot_convert_fails_start_up_naming_the_property_and_the_value() {
    runner
        .withPropertyValues(
            "pipeline.scheduler.persist-schedules=false", "pipeline.scheduler.shutdown-grace=soon")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("pipeline.scheduler.shutdown-grace")
                  .hasStackTraceContaining("soon");
            });
  }
}
