package io.pipelinescheduler;

import static io.pipelinescheduler.internal.config.Checks.fraction;
import static io.pipelinescheduler.internal.config.Checks.quote;
import static io.pipelinescheduler.internal.config.Checks.rejected;

import io.pipelinescheduler.spi.Secrets;
import java.net.URI;

/**
 * What the scheduler tells the outside about runs: the webhook notified of failures (and, if
 * wanted, successes) and the failure rate at which a schedule's health turns {@code DEGRADED}; the
 * part of a {@link SchedulerConfig} at {@link SchedulerConfig#notifications()}. Set through {@link
 * SchedulerConfig.Builder}; each setter there checks its value at once, and {@link
 * SchedulerConfig.Builder#build()} rejects {@code webhookOnSuccess} without a webhook URL.
 * Immutable and thread-safe; {@link #toString()} shows the webhook as scheme and host only.
 */
public final class NotificationSettings {
  private final URI webhookUrl;
  private final boolean webhookOnSuccess;
  private final double failureRateThreshold;

  private NotificationSettings(Builder b) {
    webhookUrl = b.webhookUrl;
    webhookOnSuccess = b.webhookOnSuccess;
    failureRateThreshold = b.failureRateThreshold;
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

  /** The settings on one line, the webhook reduced to scheme and host (its path may be a token). */
  @Override
  public String toString() {
    return "NotificationSettings{" + fields() + "}";
  }

  /** The settings as {@code name=value} pairs joined by commas, for the log line. */
  String fields() {
    return "failureRateThreshold="
        + failureRateThreshold
        + ", webhookUrl="
        + Secrets.maskWebhook(webhookUrl)
        + ", webhookOnSuccess="
        + webhookOnSuccess;
  }

  /** Collects and checks the notification settings for {@link SchedulerConfig.Builder}. */
  static final class Builder {
    private URI webhookUrl;
    private boolean webhookOnSuccess = SchedulerConfig.DEFAULT_WEBHOOK_ON_SUCCESS;
    private double failureRateThreshold = SchedulerConfig.DEFAULT_FAILURE_RATE_THRESHOLD;

    Builder() {}

    Builder(NotificationSettings s) {
      webhookUrl = s.webhookUrl;
      webhookOnSuccess = s.webhookOnSuccess;
      failureRateThreshold = s.failureRateThreshold;
    }

    void webhookUrl(URI v) {
      if (v != null && !isHttpUrl(v)) {
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

    /**
     * @throws SchedulerException when {@code webhookOnSuccess} is on without a webhook URL
     */
    NotificationSettings build() {
      if (webhookOnSuccess && webhookUrl == null) {
        throw new SchedulerException(
            "webhookOnSuccess is true but no webhookUrl is set (SCHEDULER_WEBHOOK_URL);"
                + " set a webhook URL or turn webhookOnSuccess off");
      }
      return new NotificationSettings(this);
    }

    private static boolean isHttpUrl(URI v) {
      String scheme = v.getScheme();
      return v.isAbsolute()
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && v.getHost() != null;
    }
  }
}
