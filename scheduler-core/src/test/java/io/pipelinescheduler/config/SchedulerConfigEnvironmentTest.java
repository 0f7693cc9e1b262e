package io.pipelinescheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pipelinescheduler.NotificationSettings;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SmtpTls;
import io.pipelinescheduler.internal.config.EnvironmentConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

class SchedulerConfigEnvironmentTest {

  @Test
  void an_empty_environment_gives_the_defaults() {
    SchedulerConfig config = SchedulerConfig.fromEnvironment(Map.of());

    assertThat(config.toString()).isEqualTo(SchedulerConfig.defaults().toString());
  }

  @Test
  void scheduler_lock_backend_database_names_the_database_backend_in_any_case() {
    SchedulerConfig config =
        SchedulerConfig.fromEnvironment(
            Map.of("SCHEDULER_DISTRIBUTED", "true", "SCHEDULER_LOCK_BACKEND", " DataBase "));

    assertThat(config.distributed()).isTrue();
    assertThat(config.lockBackendName()).isEqualTo("database");
    assertThat(config.lockBackend()).isNull();
  }

  @Test
  void every_variable_is_read() {
    Map<String, String> env = new HashMap<>();
    env.put("SCHEDULER_PERSIST", "false");
    env.put("SCHEDULER_DB_PATH", "/var/lib/s.db");
    env.put("SCHEDULER_DB_URL", "jdbc:postgresql://db:5432/s");
    env.put("SCHEDULER_DB_USER", "app");
    env.put("SCHEDULER_DB_PASSWORD", "pw");
    env.put("SCHEDULER_DISTRIBUTED", "true");
    env.put("SCHEDULER_LOCK_BACKEND", "REDIS");
    env.put("SCHEDULER_LOCK_DIR", "/var/lock/s");
    env.put("SCHEDULER_REDIS_URL", "redis://cache:6379");
    env.put("SCHEDULER_TIMEZONE", "Europe/Berlin");
    env.put("SCHEDULER_MAX_CONCURRENT", "4");
    env.put("SCHEDULER_INSTANCE_ID", "node-a");
    env.put("SCHEDULER_HISTORY_RETENTION", "7d");
    env.put("SCHEDULER_SHUTDOWN_GRACE", "PT45S");
    env.put("SCHEDULER_MISFIRE_GRACE", "2m");
    env.put("SCHEDULER_CLAIM_AHEAD", "100ms");
    env.put("SCHEDULER_INTERRUPT_GRACE", "750ms");
    env.put("SCHEDULER_HEARTBEAT_INTERVAL", "5s");
    env.put("SCHEDULER_HEARTBEAT_TIMEOUT", "2m");
    env.put("SCHEDULER_REFRESH_INTERVAL", "10s");
    env.put("SCHEDULER_FIRE_ALL_LIMIT", "20");
    env.put("SCHEDULER_HISTORY_LIMIT", "200");
    env.put("SCHEDULER_OUTPUT_LIMIT", "128KB");
    env.put("SCHEDULER_DEPENDENCY_WAIT", "30m");
    env.put("SCHEDULER_FAILURE_RATE_THRESHOLD", "25%");
    env.put("SCHEDULER_FAILING_SCHEDULE_RUNS", "5");
    env.put("SCHEDULER_WEBHOOK_URL", "https://hooks.example.com/s");
    env.put("SCHEDULER_WEBHOOK_ON_SUCCESS", "yes");
    env.put("SCHEDULER_SMTP_HOST", "smtp.example.com");
    env.put("SCHEDULER_SMTP_PORT", "2525");
    env.put("SCHEDULER_SMTP_TLS", "smtps");
    env.put("SCHEDULER_SMTP_USER", "mailer");
    env.put("SCHEDULER_SMTP_PASSWORD", "mail-pw");
    env.put("SCHEDULER_MAIL_FROM", "scheduler@example.com");
    env.put("SCHEDULER_MAIL_TO", "ops@example.com, dev@example.com");
    env.put("SCHEDULER_NOTIFY_ON_SUCCESS", "on");
    env.put("SCHEDULER_NOTIFY_ON_RECOVERY", "1");
    env.put("SCHEDULER_NOTIFY_MIN_INTERVAL", "1h");

    SchedulerConfig config = SchedulerConfig.fromEnvironment(env);

    assertThat(config.persistSchedules()).isFalse();
    assertThat(config.dbPath()).isEqualTo(Path.of("/var/lib/s.db"));
    assertThat(config.dbUrl()).isEqualTo("jdbc:postgresql://db:5432/s");
    assertThat(config.dbUser()).isEqualTo("app");
    assertThat(config.dbPassword()).isEqualTo("pw");
    assertThat(config.distributed()).isTrue();
    assertThat(config.lockBackendName()).isEqualTo("redis");
    assertThat(config.lockDirectory()).isEqualTo(Path.of("/var/lock/s"));
    assertThat(config.redisUrl()).isEqualTo("redis://cache:6379");
    assertThat(config.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(config.maxConcurrentRuns()).isEqualTo(4);
    assertThat(config.instanceId()).isEqualTo("node-a");
    assertThat(config.historyRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.misfireGrace()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.claimAhead()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.interruptGrace()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.refreshInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.fireAllLimit()).isEqualTo(20);
    assertThat(config.historyLimitPerSchedule()).isEqualTo(200);
    assertThat(config.outputLimitBytes()).isEqualTo(128 * 1024);
    assertThat(config.dependencyWait()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.failureRateThreshold()).isEqualTo(0.25);
    assertThat(config.failingScheduleRuns()).isEqualTo(5);
    assertThat(config.webhookUrl()).isEqualTo(URI.create("https://hooks.example.com/s"));
    assertThat(config.webhookOnSuccess()).isTrue();
    NotificationSettings notifications = config.notifications();
    assertThat(notifications.smtpHost()).isEqualTo("smtp.example.com");
    assertThat(notifications.smtpPort()).isEqualTo(2525);
    assertThat(notifications.smtpTls()).isEqualTo(SmtpTls.SMTPS);
    assertThat(notifications.smtpUser()).isEqualTo("mailer");
    assertThat(notifications.smtpPassword()).isEqualTo("mail-pw");
    assertThat(notifications.mailFrom()).isEqualTo("scheduler@example.com");
    assertThat(notifications.mailTo()).containsExactly("ops@example.com", "dev@example.com");
    assertThat(notifications.notifyOnSuccess()).isTrue();
    assertThat(notifications.notifyOnRecovery()).isTrue();
    assertThat(notifications.notifyMinInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(env.keySet())
        .containsExactlyInAnyOrderElementsOf(SchedulerConfig.ENVIRONMENT_VARIABLES);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SCHEDULER_PERSIST | maybe | true or false (yes/no, on/off and 1/0 also work)",
        "SCHEDULER_DISTRIBUTED | 2 | true or false (yes/no, on/off and 1/0 also work)",
        "SCHEDULER_WEBHOOK_ON_SUCCESS | yep | true or false (yes/no, on/off and 1/0 also work)",
        "SCHEDULER_DB_URL | postgres://db/s | a JDBC URL, e.g. jdbc:postgresql://localhost:5432/scheduler",
        "SCHEDULER_REDIS_URL | cache:6379 | a URL starting with redis:// or rediss://, e.g. redis://localhost:6379",
        "SCHEDULER_TIMEZONE | Mars/Olympus | a time zone id, e.g. UTC, Europe/Berlin or +02:00",
        "SCHEDULER_MAX_CONCURRENT | ten | a whole number from 1 to 1000, e.g. 10",
        "SCHEDULER_MAX_CONCURRENT | 0 | a whole number from 1 to 1000, e.g. 10",
        "SCHEDULER_MAX_CONCURRENT | 99999999999 | a whole number from 1 to 1000, e.g. 10",
        "SCHEDULER_HISTORY_RETENTION | 0s | a positive duration, e.g. 30d, 12h or P30D",
        "SCHEDULER_HISTORY_RETENTION | 30 | a positive duration, e.g. 30d, 12h or P30D",
        "SCHEDULER_SHUTDOWN_GRACE | 30x | a duration of zero or more, e.g. 30s, 2m or PT30S",
        "SCHEDULER_SHUTDOWN_GRACE | PT-1S | a duration of zero or more, e.g. 30s, 2m or PT30S",
        "SCHEDULER_MISFIRE_GRACE | soon | a duration of zero or more, e.g. 60s, 5m or PT60S",
        "SCHEDULER_CLAIM_AHEAD | 2m | a duration from zero to under a minute, e.g. 250ms or PT0.25S",
        "SCHEDULER_CLAIM_AHEAD | -1s | a duration from zero to under a minute, e.g. 250ms or PT0.25S",
        "SCHEDULER_FIRE_ALL_LIMIT | 1.5 | a whole number of at least 1, e.g. 100",
        "SCHEDULER_HISTORY_LIMIT | -1 | a whole number of at least 1, e.g. 1000",
        "SCHEDULER_OUTPUT_LIMIT | 64 bananas | a number of bytes of at least 1, e.g. 65536 or 64KB",
        "SCHEDULER_OUTPUT_LIMIT | 0 | a number of bytes of at least 1, e.g. 65536 or 64KB",
        "SCHEDULER_OUTPUT_LIMIT | 4096MB | a number of bytes of at least 1, e.g. 65536 or 64KB",
        "SCHEDULER_DEPENDENCY_WAIT | soon | a duration of zero or more, e.g. 1h, 30m or PT1H",
        "SCHEDULER_FAILURE_RATE_THRESHOLD | 150% | a fraction from 0 to 1 or a percentage, e.g. 0.5 or 50%",
        "SCHEDULER_FAILURE_RATE_THRESHOLD | half | a fraction from 0 to 1 or a percentage, e.g. 0.5 or 50%",
        "SCHEDULER_FAILING_SCHEDULE_RUNS | 0 | a whole number from 1 to 20, e.g. 3",
        "SCHEDULER_FAILING_SCHEDULE_RUNS | three | a whole number from 1 to 20, e.g. 3",
        "SCHEDULER_WEBHOOK_URL | ftp://files.example.com | an absolute http or https URL, e.g. https://hooks.example.com/scheduler",
        "SCHEDULER_WEBHOOK_URL | https://bad host | an absolute http or https URL, e.g. https://hooks.example.com/scheduler",
        "SCHEDULER_DB_PATH | bad\u0000path | a file path, e.g. ./pipeline-scheduler.db",
      })
  void a_bad_value_names_the_variable_the_value_and_what_is_expected(
      String variable, String value, String expected) {
    Map<String, String> env = Map.of(variable, value);

    assertThatThrownBy(() -> SchedulerConfig.fromEnvironment(env))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessage(variable + " has '" + value + "'; expected " + expected)
        .satisfies(e -> assertThat(e.getCause()).isNotNull());
  }

  @Test
  void the_documented_example_message_for_max_concurrent() {
    assertThatThrownBy(
            () -> SchedulerConfig.fromEnvironment(Map.of("SCHEDULER_MAX_CONCURRENT", "ten")))
        .hasMessage(
            "SCHEDULER_MAX_CONCURRENT has 'ten'; expected a whole number from 1 to 1000, e.g. 10");
  }

  @Test
  void a_bad_url_value_is_quoted_with_its_password_masked() {
    Map<String, String> env = Map.of("SCHEDULER_REDIS_URL", "tcp://:s3cret@cache:6379");

    assertThatThrownBy(() -> SchedulerConfig.fromEnvironment(env))
        .hasMessageStartingWith("SCHEDULER_REDIS_URL has 'tcp://:***@cache:6379'; expected")
        .hasMessageNotContaining("s3cret");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "SCHEDULER_PERSIST",
    "SCHEDULER_DB_PATH",
    "SCHEDULER_DB_URL",
    "SCHEDULER_DB_USER",
    "SCHEDULER_DB_PASSWORD",
    "SCHEDULER_DISTRIBUTED",
    "SCHEDULER_LOCK_BACKEND",
    "SCHEDULER_LOCK_DIR",
    "SCHEDULER_REDIS_URL",
    "SCHEDULER_TIMEZONE",
    "SCHEDULER_MAX_CONCURRENT",
    "SCHEDULER_INSTANCE_ID",
    "SCHEDULER_HISTORY_RETENTION",
    "SCHEDULER_SHUTDOWN_GRACE",
    "SCHEDULER_MISFIRE_GRACE",
    "SCHEDULER_CLAIM_AHEAD",
    "SCHEDULER_INTERRUPT_GRACE",
    "SCHEDULER_HEARTBEAT_INTERVAL",
    "SCHEDULER_HEARTBEAT_TIMEOUT",
    "SCHEDULER_REFRESH_INTERVAL",
    "SCHEDULER_FIRE_ALL_LIMIT",
    "SCHEDULER_HISTORY_LIMIT",
    "SCHEDULER_OUTPUT_LIMIT",
    "SCHEDULER_FAILURE_RATE_THRESHOLD",
    "SCHEDULER_FAILING_SCHEDULE_RUNS",
    "SCHEDULER_WEBHOOK_URL",
    "SCHEDULER_WEBHOOK_ON_SUCCESS",
  })
  void a_blank_value_counts_as_unset(String variable) {
    Map<String, String> env = Map.of(variable, "  \t");

    SchedulerConfig config = SchedulerConfig.fromEnvironment(env);

    assertThat(config.toString()).isEqualTo(SchedulerConfig.defaults().toString());
  }

  @Test
  void values_are_stripped() {
    Map<String, String> env =
        Map.of("SCHEDULER_MAX_CONCURRENT", " 7 ", "SCHEDULER_INSTANCE_ID", "  node-b\n");

    SchedulerConfig config = SchedulerConfig.fromEnvironment(env);

    assertThat(config.maxConcurrentRuns()).isEqualTo(7);
    assertThat(config.instanceId()).isEqualTo("node-b");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "true, true", "TRUE, true", "yes, true", "Yes, true", "1, true", "on, true",
    "false, false", "False, false", "no, false", "NO, false", "0, false", "off, false"
  })
  void booleans_accept_true_false_yes_no_on_off_and_one_zero(String value, boolean expected) {
    SchedulerConfig config =
        SchedulerConfig.fromEnvironment(Map.of("SCHEDULER_DISTRIBUTED", value));

    assertThat(config.distributed()).isEqualTo(expected);
  }

  @Test
  void a_cross_setting_problem_from_the_environment_fails_build() {
    Map<String, String> env = Map.of("SCHEDULER_WEBHOOK_ON_SUCCESS", "true");

    assertThatThrownBy(() -> SchedulerConfig.fromEnvironment(env))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessageContaining("SCHEDULER_WEBHOOK_URL");
  }

  @Test
  void unknown_scheduler_variables_are_ignored_with_one_warning_naming_them() {
    Logger logger = (Logger) LoggerFactory.getLogger(EnvironmentConfig.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Map<String, String> env =
        Map.of(
            "SCHEDULER_MAX_CONCURENT", "5",
            "SCHEDULER_COLOUR", "blue",
            "PATH", "/usr/bin");
    try {
      SchedulerConfig config = SchedulerConfig.fromEnvironment(env);

      assertThat(config.maxConcurrentRuns()).isEqualTo(10);
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(appender.list).hasSize(1);
    assertThat(appender.list.get(0).getFormattedMessage())
        .isEqualTo(
            "Ignoring unknown environment variables: SCHEDULER_COLOUR, SCHEDULER_MAX_CONCURENT"
                + " (did you mean SCHEDULER_MAX_CONCURRENT?)");
  }

  @Test
  void known_variables_log_no_warning() {
    assertThat(
            EnvironmentConfig.unknownVariables(Map.of("SCHEDULER_PERSIST", "false", "HOME", "/")))
        .isEmpty();
  }

  @Test
  void the_variables_that_scheduler_redis_and_the_test_suites_read_log_no_warning() {
    assertThat(
            EnvironmentConfig.unknownVariables(
                Map.of(
                    "SCHEDULER_REDIS_CONFIG", "/etc/redisson.yaml",
                    "SCHEDULER_REDIS_KEY_PREFIX", "billing:",
                    "SCHEDULER_TEST_POSTGRES_URL", "jdbc:postgresql://db:5432/test",
                    "SCHEDULER_TEST_POSTGRES_USER", "test",
                    "SCHEDULER_TEST_POSTGRES_PASSWORD", "secret",
                    "SCHEDULER_TEST_REDIS_URL", "redis://cache:6379")))
        .isEmpty();
  }

  @Test
  void environment_variables_lists_every_variable_once_in_documentation_order() {
    List<String> names = SchedulerConfig.ENVIRONMENT_VARIABLES;

    assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.startsWith("SCHEDULER_"));
    assertThat(names).startsWith("SCHEDULER_PERSIST").endsWith("SCHEDULER_WEBHOOK_ON_SUCCESS");
    // 26, 10 for email notifications (issue 19), SCHEDULER_DEPENDENCY_WAIT and
    // SCHEDULER_FAILING_SCHEDULE_RUNS (issue 18)
    assertThat(names).hasSize(38);
  }

  @Test
  void a_null_environment_is_a_null_pointer_exception() {
    assertThatThrownBy(() -> SchedulerConfig.fromEnvironment(null))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("environment must not be null");
  }
}
