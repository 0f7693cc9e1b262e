package io.pipelinescheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.EngineSettings;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockSettings;
import io.pipelinescheduler.NotificationSettings;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulerConfigPartsTest {

  @Test
  void each_setter_lands_in_the_part_its_setting_belongs_to() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://db:5432/s")
            .dbUser("app")
            .historyLimitPerSchedule(7)
            .refreshInterval(Duration.ofSeconds(3))
            .distributed(true)
            .lockBackend("Redis")
            .redisUrl("redis://cache:6379")
            .maxConcurrentRuns(4)
            .claimAhead(Duration.ZERO)
            .outputLimitBytes(1024)
            .webhookUrl(URI.create("https://hooks.example.com/x"))
            .webhookOnSuccess(true)
            .failureRateThreshold(0.25)
            .build();

    StoreSettings store = config.store();
    assertThat(store.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/s");
    assertThat(store.dbUser()).isEqualTo("app");
    assertThat(store.historyLimitPerSchedule()).isEqualTo(7);
    assertThat(store.refreshInterval()).isEqualTo(Duration.ofSeconds(3));
    LockSettings locks = config.locks();
    assertThat(locks.distributed()).isTrue();
    assertThat(locks.lockBackendName()).isEqualTo("redis");
    assertThat(locks.redisUrl()).isEqualTo("redis://cache:6379");
    EngineSettings engine = config.engine();
    assertThat(engine.maxConcurrentRuns()).isEqualTo(4);
    assertThat(engine.claimAhead()).isZero();
    assertThat(engine.outputLimitBytes()).isEqualTo(1024);
    NotificationSettings notifications = config.notifications();
    assertThat(notifications.webhookUrl()).isEqualTo(URI.create("https://hooks.example.com/x"));
    assertThat(notifications.webhookOnSuccess()).isTrue();
    assertThat(notifications.failureRateThreshold()).isEqualTo(0.25);
  }

  @Test
  void the_getters_of_the_config_read_through_to_its_parts() {
    SchedulerConfig config = SchedulerConfig.defaults();

    assertThat(config.dbPath()).isEqualTo(config.store().dbPath());
    assertThat(config.historyRetention()).isEqualTo(config.store().historyRetention());
    assertThat(config.lockDirectory()).isEqualTo(config.locks().lockDirectory());
    assertThat(config.heartbeatTimeout()).isEqualTo(config.engine().heartbeatTimeout());
    assertThat(config.failureRateThreshold())
        .isEqualTo(config.notifications().failureRateThreshold());
  }

  @Test
  void a_config_copied_with_from_keeps_every_part_until_a_setter_changes_one() {
    SchedulerConfig base =
        SchedulerConfig.builder()
            .dbPath(Path.of("a.db"))
            .lockDirectory(Path.of("locks"))
            .interruptGrace(Duration.ofSeconds(2))
            .failureRateThreshold(0.9)
            .build();

    SchedulerConfig copy = SchedulerConfig.from(base).maxConcurrentRuns(2).build();

    assertThat(copy.store().toString()).isEqualTo(base.store().toString());
    assertThat(copy.locks().toString()).isEqualTo(base.locks().toString());
    assertThat(copy.notifications().toString()).isEqualTo(base.notifications().toString());
    assertThat(copy.engine().interruptGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(copy.engine().maxConcurrentRuns()).isEqualTo(2);
    assertThat(base.engine().maxConcurrentRuns()).isEqualTo(10);
  }

  @Test
  void a_rejected_value_leaves_the_part_as_it_was() {
    SchedulerConfig.Builder builder =
        SchedulerConfig.builder().heartbeatInterval(Duration.ofSeconds(5));

    assertThatThrownBy(() -> builder.heartbeatInterval(Duration.ZERO))
        .isInstanceOf(SchedulerException.class)
        .hasMessage("heartbeatInterval must be positive, was PT0S");

    assertThat(builder.build().engine().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void each_part_prints_its_own_settings_with_secrets_masked() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://db/s?password=s3cret")
            .dbPassword("hunter2")
            .redisUrl("redis://:r3dis@cache:6379")
            .webhookUrl(URI.create("https://hooks.slack.com/services/T0/B0/t0ken"))
            .build();

    assertThat(config.store().toString())
        .startsWith("StoreSettings{persistSchedules=true, ")
        .contains("dbUrl=jdbc:postgresql://db/s?password=***", "dbPassword=***")
        .doesNotContain("s3cret", "hunter2");
    assertThat(config.locks().toString())
        .startsWith("LockSettings{distributed=false, lockBackend=file, ")
        .contains("redisUrl=redis://:***@cache:6379")
        .doesNotContain("r3dis");
    assertThat(config.engine().toString())
        .startsWith("EngineSettings{maxConcurrentRuns=10, ")
        .endsWith("outputLimitBytes=65536}");
    assertThat(config.notifications().toString())
        .contains("webhookUrl=https://hooks.slack.com/***")
        .doesNotContain("t0ken");
  }

  @Test
  void the_log_line_lists_every_part_then_the_settings_of_the_whole_scheduler() {
    String text = SchedulerConfig.builder().instanceId("node-a").build().toString();

    assertThat(text)
        .startsWith("SchedulerConfig{persistSchedules=true, dbPath=")
        .containsSubsequence(
            "refreshInterval=PT30S, distributed=false",
            "redisUrl=redis://localhost:6379, maxConcurrentRuns=10",
            "outputLimitBytes=65536, failureRateThreshold=0.5",
            "webhookOnSuccess=false, timezone=Z, instanceId=node-a, clock=")
        .endsWith("}");
  }

  @Test
  void the_checks_across_settings_report_the_locks_first_then_notifications_then_the_engine() {
    SchedulerConfig.Builder all =
        SchedulerConfig.builder()
            .webhookOnSuccess(true)
            .heartbeatInterval(Duration.ofMinutes(5))
            .lockBackend(new NamedBackend("custom"));

    assertThatThrownBy(all::build).hasMessageStartingWith("lockBackend was given an instance");
    all.distributed(true);
    assertThatThrownBy(all::build).hasMessageStartingWith("webhookOnSuccess is true");
    all.webhookOnSuccess(false);
    assertThatThrownBy(all::build).hasMessageStartingWith("heartbeatTimeout (PT1M)");
  }

  private record NamedBackend(String name) implements LockBackend {
    @Override
    public Optional<SlotLock> tryClaim(SlotClaim claim) {
      return Optional.empty();
    }
  }

  /** Only a value here: the store connects through it, the builder does not. */
  private static final javax.sql.DataSource APP_POOL = new UnusedDataSource();

  @Test
  void the_applications_data_source_lands_in_the_store_settings_and_the_log_line_names_its_class() {
    SchedulerConfig config = SchedulerConfig.builder().dataSource(APP_POOL).build();

    assertThat(config.dataSource()).isSameAs(APP_POOL);
    assertThat(config.store().dataSource()).isSameAs(APP_POOL);
    assertThat(config.toString()).contains("dataSource=" + UnusedDataSource.class.getName());
    assertThat(SchedulerConfig.builder().build().toString()).doesNotContain("dataSource");
  }

  @Test
  void a_data_source_beside_a_db_url_or_without_persistence_is_refused_naming_both() {
    assertThatThrownBy(
            () ->
                SchedulerConfig.builder()
                    .dataSource(APP_POOL)
                    .dbUrl("jdbc:postgresql://db:5432/s")
                    .build())
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("dataSource and dbUrl are both set")
        .hasMessageContaining("jdbc:postgresql://db:5432/s");
    assertThatThrownBy(
            () -> SchedulerConfig.builder().dataSource(APP_POOL).persistSchedules(false).build())
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("dataSource is set but persistSchedules is false");
  }

  /** A DataSource that is never connected to. */
  private static final class UnusedDataSource implements javax.sql.DataSource {
    @Override
    public java.sql.Connection getConnection() throws java.sql.SQLException {
      throw new java.sql.SQLException("not connected in a configuration test");
    }

    @Override
    public java.sql.Connection getConnection(String user, String password)
        throws java.sql.SQLException {
      return getConnection();
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws java.sql.SQLException {
      throw new java.sql.SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
