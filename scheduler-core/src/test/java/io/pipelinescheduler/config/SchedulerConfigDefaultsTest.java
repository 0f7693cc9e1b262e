package io.pipelinescheduler.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.SchedulerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SchedulerConfigDefaultsTest {

  @Test
  void defaults_hold_the_documented_values() {
    SchedulerConfig config = SchedulerConfig.defaults();

    assertThat(config.persistSchedules()).isTrue();
    assertThat(config.dbPath()).isEqualTo(Path.of("./pipeline-scheduler.db"));
    assertThat(config.dbUrl()).isNull();
    assertThat(config.dbUser()).isNull();
    assertThat(config.dbPassword()).isNull();
    assertThat(config.distributed()).isFalse();
    assertThat(config.lockBackendName()).isEqualTo("file");
    assertThat(config.lockBackend()).isNull();
    assertThat(config.lockDirectory()).isEqualTo(Path.of("./.pipeline-scheduler-locks"));
    assertThat(config.redisUrl()).isEqualTo("redis://localhost:6379");
    assertThat(config.timezone()).isEqualTo(ZoneOffset.UTC);
    assertThat(config.maxConcurrentRuns()).isEqualTo(10);
    assertThat(config.historyRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.misfireGrace()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.interruptGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.fireAllLimit()).isEqualTo(100);
    assertThat(config.historyLimitPerSchedule()).isEqualTo(1000);
    assertThat(config.outputLimitBytes()).isEqualTo(65536);
    assertThat(config.failureRateThreshold()).isEqualTo(0.5);
    assertThat(config.webhookUrl()).isNull();
    assertThat(config.webhookOnSuccess()).isFalse();
    assertThat(config.clock().getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(config.meterRegistry()).isSameAs(Metrics.globalRegistry);
  }

  @Test
  void default_instance_id_is_host_name_dash_pid() {
    String id = SchedulerConfig.defaults().instanceId();

    assertThat(id).endsWith("-" + ProcessHandle.current().pid());
    assertThat(id.substring(0, id.lastIndexOf('-'))).isNotBlank();
  }

  @Test
  void builder_values_reach_the_getters() {
    Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    SchedulerConfig config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .dbPath(Path.of("/tmp/x.db"))
            .dbUrl("jdbc:postgresql://db:5432/s")
            .dbUser("app")
            .dbPassword("pw")
            .distributed(true)
            .lockBackend("redis")
            .lockDirectory(Path.of("/tmp/locks"))
            .redisUrl("rediss://cache:6380")
            .timezone(ZoneId.of("Europe/Berlin"))
            .maxConcurrentRuns(3)
            .instanceId("node-a")
            .historyRetention(Duration.ofDays(7))
            .shutdownGrace(Duration.ZERO)
            .misfireGrace(Duration.ofMinutes(5))
            .fireAllLimit(7)
            .historyLimitPerSchedule(50)
            .outputLimitBytes(1)
            .failureRateThreshold(1.0)
            .webhookUrl(URI.create("https://hooks.example.com/x"))
            .webhookOnSuccess(true)
            .clock(clock)
            .meterRegistry(registry)
            .build();

    assertThat(config.persistSchedules()).isFalse();
    assertThat(config.dbPath()).isEqualTo(Path.of("/tmp/x.db"));
    assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/s");
    assertThat(config.dbUser()).isEqualTo("app");
    assertThat(config.dbPassword()).isEqualTo("pw");
    assertThat(config.distributed()).isTrue();
    assertThat(config.lockBackendName()).isEqualTo("redis");
    assertThat(config.lockDirectory()).isEqualTo(Path.of("/tmp/locks"));
    assertThat(config.redisUrl()).isEqualTo("rediss://cache:6380");
    assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(config.maxConcurrentRuns()).isEqualTo(3);
    assertThat(config.instanceId()).isEqualTo("node-a");
    assertThat(config.historyRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.shutdownGrace()).isZero();
    assertThat(config.misfireGrace()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.fireAllLimit()).isEqualTo(7);
    assertThat(config.historyLimitPerSchedule()).isEqualTo(50);
    assertThat(config.outputLimitBytes()).isEqualTo(1);
    assertThat(config.failureRateThreshold()).isEqualTo(1.0);
    assertThat(config.webhookUrl()).isEqualTo(URI.create("https://hooks.example.com/x"));
    assertThat(config.webhookOnSuccess()).isTrue();
    assertThat(config.clock()).isSameAs(clock);
    assertThat(config.meterRegistry()).isSameAs(registry);
  }

  @Test
  void from_copies_every_setting_so_one_can_be_changed() {
    SchedulerConfig base =
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://db/s")
            .dbPassword("pw")
            .maxConcurrentRuns(4)
            .instanceId("node-a")
            .build();

    SchedulerConfig changed = SchedulerConfig.from(base).maxConcurrentRuns(8).build();

    assertThat(changed.maxConcurrentRuns()).isEqualTo(8);
    assertThat(changed.dbUrl()).isEqualTo("jdbc:postgresql://db/s");
    assertThat(changed.dbPassword()).isEqualTo("pw");
    assertThat(changed.instanceId()).isEqualTo("node-a");
    assertThat(base.maxConcurrentRuns()).isEqualTo(4);
  }

  @Test
  void to_string_lists_the_settings_and_masks_the_password() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://db:5432/s")
            .dbUser("app")
            .dbPassword("hunter2")
            .maxConcurrentRuns(3)
            .instanceId("node-a")
            .build();

    String text = config.toString();

    assertThat(text)
        .doesNotContain("hunter2")
        .contains("dbPassword=***")
        .contains("dbUrl=jdbc:postgresql://db:5432/s")
        .contains("dbUser=app")
        .contains("maxConcurrentRuns=3")
        .contains("instanceId=node-a")
        .contains("lockBackend=file")
        .contains("shutdownGrace=PT30S");
  }

  @Test
  void to_string_shows_an_unset_password_as_null() {
    assertThat(SchedulerConfig.defaults().toString()).contains("dbPassword=null");
  }

  @Test
  void to_string_masks_passwords_inside_urls_and_the_webhook_path() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://db/s?user=app&password=s3cret")
            .redisUrl("redis://:r3dis@cache:6379")
            .webhookUrl(URI.create("https://hooks.slack.com/services/T0/B0/t0ken"))
            .build();

    String text = config.toString();

    assertThat(text)
        .doesNotContain("s3cret")
        .doesNotContain("r3dis")
        .doesNotContain("t0ken")
        .contains("dbUrl=jdbc:postgresql://db/s?user=app&password=***")
        .contains("redisUrl=redis://:***@cache:6379")
        .contains("webhookUrl=https://hooks.slack.com/***");
  }
}
