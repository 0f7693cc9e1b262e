package io.pipelinescheduler;

/**
 * How the connection to the SMTP server is protected; {@link
 * SchedulerConfig.Builder#smtpTls(SmtpTls)}, {@code SCHEDULER_SMTP_TLS}. With TLS the server's
 * certificate and host name are checked against the JVM's trust store.
 */
public enum SmtpTls {
  /** Plain SMTP, no encryption: only for a relay on the same host or network. Port 25. */
  NONE(25),
  /** Plain SMTP upgraded with STARTTLS, which the server must offer (else no mail). Port 587. */
  STARTTLS(587),
  /** SMTP inside TLS from the first byte ("SMTPS", implicit TLS). Port 465. */
  SMTPS(465);

  private final int defaultPort;

  SmtpTls(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /** The port used when none is set: 25, 587 or 465. */
  public int defaultPort() {
    return defaultPort;
  }
}
