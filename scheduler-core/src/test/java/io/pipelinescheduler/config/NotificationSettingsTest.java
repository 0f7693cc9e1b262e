package io.pipelinescheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.NotificationSettings;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SmtpTls;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 19 item 2: the SMTP server, recipients, outcomes and rate limit of notifications. */
class NotificationSettingsTest {
  private static final Map<String, String> MAIL =
      Map.of(
          "SCHEDULER_SMTP_HOST", "smtp.example.com",
          "SCHEDULER_MAIL_FROM", "Scheduler <scheduler@example.com>");

  @Test
  void by_default_no_email_is_sent_and_notifications_are_limited_to_one_per_ten_minutes() {
    NotificationSettings settings = SchedulerConfig.defaults().notifications();

    assertThat(settings.smtpHost()).isNull();
    assertThat(settings.smtpTls()).isEqualTo(SmtpTls.STARTTLS);
    assertThat(settings.smtpPort()).isEqualTo(587);
    assertThat(settings.smtpUser()).isNull();
    assertThat(settings.smtpPassword()).isNull();
    assertThat(settings.mailFrom()).isNull();
    assertThat(settings.mailTo()).isEmpty();
    assertThat(settings.notifyOnSuccess()).isFalse();
    assertThat(settings.notifyOnRecovery()).isFalse();
    assertThat(settings.notifyMinInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void the_port_follows_the_tls_mode_until_one_is_set() {
    SchedulerConfig.Builder builder =
        SchedulerConfig.builder().smtpHost("smtp.example.com").mailFrom("s@example.com");

    assertThat(builder.smtpTls(SmtpTls.SMTPS).build().notifications().smtpPort()).isEqualTo(465);
    assertThat(builder.smtpTls(SmtpTls.NONE).build().notifications().smtpPort()).isEqualTo(25);
    assertThat(builder.smtpPort(2525).build().notifications().smtpPort()).isEqualTo(2525);
  }

  @Test
  void the_smtp_variables_reach_the_settings_and_the_tls_mode_is_read_in_any_case() {
    Map<String, String> env = new java.util.HashMap<>(MAIL);
    env.put("SCHEDULER_SMTP_TLS", "StartTLS");
    env.put("SCHEDULER_MAIL_TO", " ops@example.com ,, dev@example.com ");

    NotificationSettings settings = SchedulerConfig.fromEnvironment(env).notifications();

    assertThat(settings.smtpHost()).isEqualTo("smtp.example.com");
    assertThat(settings.smtpTls()).isEqualTo(SmtpTls.STARTTLS);
    assertThat(settings.mailFrom()).isEqualTo("Scheduler <scheduler@example.com>");
    assertThat(settings.mailTo()).containsExactly("ops@example.com", "dev@example.com");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SCHEDULER_SMTP_PORT | 70000 | a port number from 1 to 65535, e.g. 587",
        "SCHEDULER_SMTP_PORT | 0 | a port number from 1 to 65535, e.g. 587",
        "SCHEDULER_SMTP_PORT | smtp | a port number from 1 to 65535, e.g. 587",
        "SCHEDULER_SMTP_TLS | ssl | one of starttls, smtps or none",
        "SCHEDULER_SMTP_HOST | smtp://mail.example.com | a host name or IP address, e.g. smtp.example.com",
        "SCHEDULER_MAIL_FROM | scheduler | an email address, e.g. scheduler@example.com",
        "SCHEDULER_MAIL_TO | ops@example.com; dev@example.com | email addresses separated by commas, e.g. ops@example.com,dev@example.com",
        "SCHEDULER_NOTIFY_ON_RECOVERY | sometimes | true or false (yes/no, on/off and 1/0 also work)",
        "SCHEDULER_NOTIFY_MIN_INTERVAL | -5m | a duration of zero or more, e.g. 10m, 1h or PT10M",
        "SCHEDULER_NOTIFY_MIN_INTERVAL | 10 | a duration of zero or more, e.g. 10m, 1h or PT10M",
      })
  void a_bad_value_names_the_variable_the_value_and_what_is_expected(
      String variable, String value, String expected) {
    Map<String, String> env = new java.util.HashMap<>(MAIL);
    env.put(variable, value);

    assertThatThrownBy(() -> SchedulerConfig.fromEnvironment(env))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessage(variable + " has '" + value + "'; expected " + expected);
  }

  @Test
  void a_bad_port_in_the_builder_is_refused_naming_the_setting_and_value() {
    assertThatThrownBy(() -> SchedulerConfig.builder().smtpPort(65536))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessage("smtpPort must be from 1 to 65535, was 65536");
  }

  @Test
  void the_smtp_password_is_never_shown_in_the_log_line_or_an_error() {
    Map<String, String> env = new java.util.HashMap<>(MAIL);
    env.put("SCHEDULER_SMTP_USER", "mailer");
    env.put("SCHEDULER_SMTP_PASSWORD", "p4ssw0rd");
    SchedulerConfig config = SchedulerConfig.fromEnvironment(env);

    assertThat(config.toString())
        .contains("smtpHost=smtp.example.com", "smtpUser=mailer", "smtpPassword=***")
        .doesNotContain("p4ssw0rd");
    assertThat(config.notifications().toString()).doesNotContain("p4ssw0rd");
    assertThatThrownBy(
            () -> SchedulerConfig.fromEnvironment(Map.of("SCHEDULER_SMTP_PASSWORD", "p4ssw0rd")))
        .hasMessageNotContaining("p4ssw0rd")
        .hasMessageContaining("smtpPassword is set but no smtpUser (SCHEDULER_SMTP_USER)");
  }

  @Test
  void mail_settings_that_do_not_go_together_are_refused_at_build_naming_what_is_missing() {
    assertThatThrownBy(() -> SchedulerConfig.builder().mailTo("ops@example.com").build())
        .hasMessageStartingWith("mailTo or mailFrom is set but no smtpHost (SCHEDULER_SMTP_HOST)");
    assertThatThrownBy(() -> SchedulerConfig.builder().smtpHost("smtp.example.com").build())
        .hasMessageStartingWith("smtpHost is set but no mailFrom (SCHEDULER_MAIL_FROM)");
  }

  @Test
  void a_recipient_that_is_not_an_address_is_refused_and_leaves_the_recipients_as_they_were() {
    SchedulerConfig.Builder builder = SchedulerConfig.builder().smtpHost("smtp.example.com");
    builder.mailFrom("s@example.com").mailTo("ops@example.com");

    assertThatThrownBy(() -> builder.mailTo("dev@example.com", "not an address"))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessageStartingWith("mailTo must be an email address, e.g. ops@example.com")
        .hasMessageEndingWith(", was 'not an address'");
    assertThat(builder.build().notifications().mailTo()).containsExactly("ops@example.com");
  }

  @Test
  void from_copies_the_notification_settings() {
    SchedulerConfig base =
        SchedulerConfig.builder()
            .smtpHost("smtp.example.com")
            .smtpPort(2525)
            .smtpTls(SmtpTls.NONE)
            .smtpUser("u")
            .smtpPassword("p")
            .mailFrom("s@example.com")
            .mailTo("ops@example.com")
            .notifyOnSuccess(true)
            .notifyOnRecovery(true)
            .notifyMinInterval(Duration.ZERO)
            .build();

    assertThat(SchedulerConfig.from(base).build().notifications().toString())
        .isEqualTo(base.notifications().toString());
    assertThat(SchedulerConfig.from(base).build().notifications().smtpPassword()).isEqualTo("p");
  }
}
