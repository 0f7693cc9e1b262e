package io.pipelinescheduler;

import static io.pipelinescheduler.internal.config.Checks.fraction;
import static io.pipelinescheduler.internal.config.Checks.notBlank;
import static io.pipelinescheduler.internal.config.Checks.notNegative;
import static io.pipelinescheduler.internal.config.Checks.notNull;
import static io.pipelinescheduler.internal.config.Checks.quote;
import static io.pipelinescheduler.internal.config.Checks.rejected;

import io.pipelinescheduler.internal.notify.Addresses;
import io.pipelinescheduler.spi.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the scheduler tells the outside about runs: the webhook and the SMTP server and recipients
 * notified of failures (and, if wanted, successes and recoveries), how often at most, and the
 * failure rate at which a schedule's health turns {@code DEGRADED}; the part of a {@link
 * SchedulerConfig} at {@link SchedulerConfig#notifications()}. Set through {@link
 * SchedulerConfig.Builder}; each setter there checks its value at once, and {@link
 * SchedulerConfig.Builder#build()} rejects {@code webhookOnSuccess} without a webhook URL, mail
 * settings without an SMTP host, an SMTP host without a sender and a password without a user.
 * Immutable and thread-safe; {@link #toString()} shows the webhook as scheme and host only and the
 * SMTP password as {@code ***}.
 */
public final class NotificationSettings {
  private final URI webhookUrl;
  private final boolean webhookOnSuccess;
  private final double failureRateThreshold;
  private final int failingScheduleRuns;
  private final String smtpHost;
  private final Integer smtpPort;
  private final SmtpTls smtpTls;
  private final String smtpUser;
  private final String smtpPassword;
  private final String mailFrom;
  private final List<String> mailTo;
  private final boolean notifyOnSuccess;
  private final boolean notifyOnRecovery;
  private final Duration notifyMinInterval;

  private NotificationSettings(Builder b) {
    webhookUrl = b.webhookUrl;
    webhookOnSuccess = b.webhookOnSuccess;
    failureRateThreshold = b.failureRateThreshold;
    failingScheduleRuns = b.failingScheduleRuns;
    smtpHost = b.smtpHost;
    smtpPort = b.smtpPort;
    smtpTls = b.smtpTls;
    smtpUser = b.smtpUser;
    smtpPassword = b.smtpPassword;
    mailFrom = b.mailFrom;
    mailTo = List.copyOf(b.mailTo);
    notifyOnSuccess = b.notifyOnSuccess;
    notifyOnRecovery = b.notifyOnRecovery;
    notifyMinInterval = b.notifyMinInterval;
  }

  /**
   * The http or https URL notified of failed runs. Default none ({@code null}); {@code
   * SCHEDULER_WEBHOOK_URL}.
   */
  public URI webhookUrl() {
    return webhookUrl;
  }

  /**
   * Whether the webhook is also notified of successful runs. Default {@code false}; {@code
   * SCHEDULER_WEBHOOK_ON_SUCCESS}.
   */
  public boolean webhookOnSuccess() {
    return webhookOnSuccess;
  }

  /**
   * The share of recent runs of a schedule that may fail before health turns {@code DEGRADED}, in
   * [0, 1]. Default 0.5; {@code SCHEDULER_FAILURE_RATE_THRESHOLD}.
   */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * How many latest finished runs of one schedule must all have failed for the health check to turn
   * DEGRADED and name it, whatever the other schedules do; from 1 to {@value
   * ScheduleInfo#RECENT_RUNS}. An attempt that will be retried and a cancelled run are not counted.
   * Default 3; {@code SCHEDULER_FAILING_SCHEDULE_RUNS}.
   */
  public int failingScheduleRuns() {
    return failingScheduleRuns;
  }

  /**
   * The SMTP server notification emails are sent through; none ({@code null}, the default) sends no
   * email. {@code SCHEDULER_SMTP_HOST}.
   */
  public String smtpHost() {
    return smtpHost;
  }

  /**
   * The SMTP server's port. Default {@link SmtpTls#defaultPort() the TLS mode's}: 587 for STARTTLS,
   * 465 for SMTPS, 25 without TLS; {@code SCHEDULER_SMTP_PORT}.
   */
  public int smtpPort() {
    return smtpPort != null ? smtpPort : smtpTls.defaultPort();
  }

  /**
   * How the SMTP connection is protected. Default {@link SmtpTls#STARTTLS}; {@code
   * SCHEDULER_SMTP_TLS}.
   */
  public SmtpTls smtpTls() {
    return smtpTls;
  }

  /**
   * The user to log in to the SMTP server as; none ({@code null}, the default) sends without
   * logging in. {@code SCHEDULER_SMTP_USER}.
   */
  public String smtpUser() {
    return smtpUser;
  }

  /**
   * The SMTP password, or {@code null} (the default). A secret: never logged, shown as {@code ***}.
   * {@code SCHEDULER_SMTP_PASSWORD}.
   */
  public String smtpPassword() {
    return smtpPassword;
  }

  /**
   * The sender of notification emails, e.g. {@code Scheduler <scheduler@example.com>}; required
   * with an SMTP host. Default none; {@code SCHEDULER_MAIL_FROM}.
   */
  public String mailFrom() {
    return mailFrom;
  }

  /**
   * The recipients of every schedule's notification emails, besides each schedule's own ({@link
   * ScheduleBuilder#notifyEmail(String...)}). Default none (an empty list); {@code
   * SCHEDULER_MAIL_TO}, comma-separated. Unmodifiable.
   */
  public List<String> mailTo() {
    return mailTo;
  }

  /**
   * Whether successful runs are notified (email and webhooks) for the schedules that do not choose
   * with {@link ScheduleBuilder#notifyOn(NotifyOn...)}. Default {@code false}; {@code
   * SCHEDULER_NOTIFY_ON_SUCCESS}.
   */
  public boolean notifyOnSuccess() {
    return notifyOnSuccess;
  }

  /**
   * Whether the first success after failures is notified, for the schedules that do not choose with
   * {@link ScheduleBuilder#notifyOn(NotifyOn...)}. Default {@code false}; {@code
   * SCHEDULER_NOTIFY_ON_RECOVERY}.
   */
  public boolean notifyOnRecovery() {
    return notifyOnRecovery;
  }

  /**
   * The shortest time between two notifications about one schedule: one sent within it after
   * another is held back and counted, and the next message sent says how many were. Zero sends
   * every one. Default 10 minutes; {@code SCHEDULER_NOTIFY_MIN_INTERVAL}.
   */
  public Duration notifyMinInterval() {
    return notifyMinInterval;
  }

  /** The settings on one line, the webhook reduced to scheme and host (its path may be a token). */
  @Override
  public String toString() {
    return "NotificationSettings{" + fields() + "}";
  }

  /** The settings as {@code name=value} pairs joined by commas, for the log line. */
  String fields() {
    return "failureRateThreshold="
        + failureRateThreshold
        + ", failingScheduleRuns="
        + failingScheduleRuns
        + ", smtpHost="
        + smtpHost
        + ", smtpPort="
        + smtpPort()
        + ", smtpTls="
        + smtpTls
        + ", smtpUser="
        + smtpUser
        + ", smtpPassword="
        + (smtpPassword == null ? null : Secrets.MASK)
        + ", mailFrom="
        + mailFrom
        + ", mailTo="
        + mailTo
        + ", notifyOnSuccess="
        + notifyOnSuccess
        + ", notifyOnRecovery="
        + notifyOnRecovery
        + ", notifyMinInterval="
        + notifyMinInterval
        + ", webhookUrl="
        + Secrets.maskWebhook(webhookUrl)
        + ", webhookOnSuccess="
        + webhookOnSuccess;
  }

  /** Collects and checks the notification settings for {@link SchedulerConfig.Builder}. */
  static final class Builder {
    /** A host name, an IPv4 address or an IPv6 address in brackets. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\]");

    private URI webhookUrl;
    private boolean webhookOnSuccess = SchedulerConfig.DEFAULT_WEBHOOK_ON_SUCCESS;
    private double failureRateThreshold = SchedulerConfig.DEFAULT_FAILURE_RATE_THRESHOLD;
    private int failingScheduleRuns = SchedulerConfig.DEFAULT_FAILING_SCHEDULE_RUNS;
    private String smtpHost;
    private Integer smtpPort;
    private SmtpTls smtpTls = SchedulerConfig.DEFAULT_SMTP_TLS;
    private String smtpUser;
    private String smtpPassword;
    private String mailFrom;
    private List<String> mailTo = List.of();
    private boolean notifyOnSuccess;
    private boolean notifyOnRecovery;
    private Duration notifyMinInterval = SchedulerConfig.DEFAULT_NOTIFY_MIN_INTERVAL;

    Builder() {}

    Builder(NotificationSettings s) {
      webhookUrl = s.webhookUrl;
      webhookOnSuccess = s.webhookOnSuccess;
      failureRateThreshold = s.failureRateThreshold;
      failingScheduleRuns = s.failingScheduleRuns;
      smtpHost = s.smtpHost;
      smtpPort = s.smtpPort;
      smtpTls = s.smtpTls;
      smtpUser = s.smtpUser;
      smtpPassword = s.smtpPassword;
      mailFrom = s.mailFrom;
      mailTo = s.mailTo;
      notifyOnSuccess = s.notifyOnSuccess;
      notifyOnRecovery = s.notifyOnRecovery;
      notifyMinInterval = s.notifyMinInterval;
    }

    void smtpHost(String v) {
      if (v != null && !HOST.matcher(notBlank("smtpHost", v)).matches()) {
        throw rejected(
            "smtpHost must be a host name or IP address, e.g. smtp.example.com", quote(v));
      }
      smtpHost = v;
    }

    void smtpPort(int v) {
      if (v < 1 || v > 65535) {
        throw rejected("smtpPort must be from 1 to 65535", String.valueOf(v));
      }
      smtpPort = v;
    }

    void smtpTls(SmtpTls v) {
      smtpTls = notNull("smtpTls", v);
    }

    void smtpUser(String v) {
      smtpUser = v == null ? null : notBlank("smtpUser", v);
    }

    void smtpPassword(String v) {
      smtpPassword = v;
    }

    void mailFrom(String v) {
      mailFrom = v == null ? null : address("mailFrom", v);
    }

    void mailTo(String... v) {
      notNull("mailTo", v);
      List<String> checked = new ArrayList<>();
      for (String address : v) {
        checked.add(address("mailTo", notNull("mailTo element", address)));
      }
      mailTo = List.copyOf(checked);
    }

    void notifyOnSuccess(boolean v) {
      notifyOnSuccess = v;
    }

    void notifyOnRecovery(boolean v) {
      notifyOnRecovery = v;
    }

    void notifyMinInterval(Duration v) {
      notifyMinInterval = notNegative("notifyMinInterval", v);
    }

    private static String address(String name, String v) {
      String problem = Addresses.emailProblem(v);
      if (problem != null) {
        throw rejected(
            name + " must be " + Addresses.EMAIL_EXAMPLE + " (" + problem + ")", quote(v));
      }
      return v;
    }

    void webhookUrl(URI v) {
      if (v != null && !Addresses.isHttpUrl(v)) {
        throw rejected(
            "webhookUrl must be an absolute http or https URL, e.g."
                + " https://hooks.example.com/scheduler",
            quote(Secrets.maskUrl(v.toString())));
      }
      webhookUrl = v;
    }

    void webhookOnSuccess(boolean v) {
      webhookOnSuccess = v;
    }

    void failureRateThreshold(double v) {
      failureRateThreshold = fraction("failureRateThreshold", v);
    }

    void failingScheduleRuns(int v) {
      if (v < 1 || v > ScheduleInfo.RECENT_RUNS) {
        throw rejected(
            "failingScheduleRuns must be from 1 to " + ScheduleInfo.RECENT_RUNS, String.valueOf(v));
      }
      failingScheduleRuns = v;
    }

    /**
     * @throws SchedulerException when {@code webhookOnSuccess} is on without a webhook URL, a
     *     sender or recipients are set without an SMTP host, an SMTP host without a sender, or an
     *     SMTP password without a user
     */
    NotificationSettings build() {
      if (webhookOnSuccess && webhookUrl == null) {
        throw new SchedulerException(
            "webhookOnSuccess is true but no webhookUrl is set (SCHEDULER_WEBHOOK_URL);"
                + " set a webhook URL or turn webhookOnSuccess off");
      }
      if (smtpHost == null && (!mailTo.isEmpty() || mailFrom != null)) {
        throw new SchedulerException(
            "mailTo or mailFrom is set but no smtpHost (SCHEDULER_SMTP_HOST);"
                + " set the SMTP server to send email through");
      }
      if (smtpHost != null && mailFrom == null) {
        throw new SchedulerException(
            "smtpHost is set but no mailFrom (SCHEDULER_MAIL_FROM);"
                + " set the sender of notification emails, e.g. scheduler@example.com");
      }
      if (smtpPassword != null && smtpUser == null) {
        throw new SchedulerException(
            "smtpPassword is set but no smtpUser (SCHEDULER_SMTP_USER);"
                + " set the user to log in as, or unset the password");
      }
      return new NotificationSettings(this);
    }
  }
}
