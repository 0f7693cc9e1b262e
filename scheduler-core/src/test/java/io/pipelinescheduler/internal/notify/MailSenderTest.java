package io.pipelinescheduler.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.NotificationSettings;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SmtpTls;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How the TLS modes reach Jakarta Mail: TLS required when asked for, never silently plain. */
class MailSenderTest {
  private static NotificationSettings settings(SmtpTls tls) {
    return SchedulerConfig.builder()
        .smtpHost("smtp.example.com")
        .smtpTls(tls)
        .smtpUser("mailer")
        .smtpPassword("s3cret")
        .mailFrom("scheduler@example.com")
        .build()
        .notifications();
  }

  @Test
  void starttls_is_required_and_the_server_identity_checked() {
    Properties p = MailSender.properties(settings(SmtpTls.STARTTLS));

    assertThat(p)
        .containsEntry("mail.transport.protocol", "smtp")
        .containsEntry("mail.smtp.port", "587")
        .containsEntry("mail.smtp.starttls.enable", "true")
        .containsEntry("mail.smtp.starttls.required", "true")
        .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
        .containsEntry("mail.smtp.auth", "true")
        .containsEntry("mail.smtp.timeout", "10000");
  }

  @Test
  void smtps_speaks_tls_from_the_first_byte() {
    Properties p = MailSender.properties(settings(SmtpTls.SMTPS));

    assertThat(p)
        .containsEntry("mail.transport.protocol", "smtps")
        .containsEntry("mail.smtps.host", "smtp.example.com")
        .containsEntry("mail.smtps.port", "465")
        .containsEntry("mail.smtps.ssl.checkserveridentity", "true")
        .doesNotContainKey("mail.smtps.starttls.enable");
  }

  @Test
  void the_password_is_not_among_the_session_properties() {
    for (SmtpTls tls : SmtpTls.values()) {
      assertThat(MailSender.properties(settings(tls)).values()).doesNotContain("s3cret");
    }
  }
}
