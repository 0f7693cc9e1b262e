package io.pipelinescheduler.internal.notify;

import io.pipelinescheduler.NotificationSettings;
import io.pipelinescheduler.SmtpTls;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Sends plain-text UTF-8 emails through the configured SMTP server with Jakarta Mail, one
 * connection per message. Blocking: call it off the scheduler's threads. Thread-safe.
 */
final class MailSender {
  /** Connect, read and write timeout of the SMTP connection. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final NotificationSettings settings;
  private final Session session;

  MailSender(NotificationSettings settings) {
    this.settings = settings;
    this.session = Session.getInstance(properties(settings));
  }

  /** {@code host:port}, for log lines. */
  String server() {
    return settings.smtpHost() + ":" + settings.smtpPort();
  }

  /**
   * Sends one message to {@code recipients}.
   *
   * @throws MessagingException when the server cannot be reached, refuses the login or a recipient
   */
  void send(List<String> recipients, String subject, String text, Date sent)
      throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(settings.mailFrom(), true));
    message.setRecipients(
        Message.RecipientType.TO, InternetAddress.parse(String.join(",", recipients), true));
    message.setSubject(subject, StandardCharsets.UTF_8.name());
    message.setText(text, StandardCharsets.UTF_8.name());
    message.setSentDate(sent);
    try (Transport transport = session.getTransport(protocol(settings.smtpTls()))) {
      transport.connect(
          settings.smtpHost(), settings.smtpPort(), settings.smtpUser(), settings.smtpPassword());
      transport.sendMessage(message, message.getAllRecipients());
    }
  }

  /** The Jakarta Mail session properties for these settings; no password among them. */
  static Properties properties(NotificationSettings settings) {
    String protocol = protocol(settings.smtpTls());
    String prefix = "mail." + protocol + ".";
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", protocol);
    p.setProperty(prefix + "host", settings.smtpHost());
    p.setProperty(prefix + "port", String.valueOf(settings.smtpPort()));
    p.setProperty(prefix + "connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
    p.setProperty(prefix + "timeout", String.valueOf(TIMEOUT.toMillis()));
    p.setProperty(prefix + "writetimeout", String.valueOf(TIMEOUT.toMillis()));
    p.setProperty(prefix + "auth", String.valueOf(settings.smtpUser() != null));
    if (settings.smtpTls() == SmtpTls.STARTTLS) {
      p.setProperty(prefix + "starttls.enable", "true");
      p.setProperty(prefix + "starttls.required", "true");
    }
    if (settings.smtpTls() != SmtpTls.NONE) {
      p.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    return p;
  }

  private static String protocol(SmtpTls tls) {
    return tls == SmtpTls.SMTPS ? "smtps" : "smtp";
  }
}
