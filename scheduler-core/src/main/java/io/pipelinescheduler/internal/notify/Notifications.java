package io.pipelinescheduler.internal.notify;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.NotificationSettings;
import io.pipelinescheduler.NotifyOn;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.internal.engine.RunPolicy;
import io.pipelinescheduler.internal.observe.WebhookNotifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's notifications: decides on the run's worker thread, at once, whether a run's end
 * is worth a message (a failure for good, not one that will be retried; a success or recovery when
 * asked; not within the rate limit) and to whom (the scheduler's recipients and the schedule's
 * own), then hands the message over: emails to the {@link Outbox} thread, webhook posts to the
 * asynchronous {@link WebhookNotifier}. Nothing here blocks or fails a run; a send that fails is
 * logged at WARN. Thread-safe.
 *
 * <p>Recoveries are seen per instance: the failures counted are those this instance notified (or
 * would have) since it started.
 */
public final class Notifications implements SchedulerListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  private final NotificationSettings settings;
  private final Clock clock;
  private final Function<String, Optional<RunPolicy>> policies;
  private final Set<NotifyOn> defaults;
  private final RateLimit rateLimit;
  private final MailSender mail;
  private final Outbox outbox = new Outbox();
  private final Map<String, Integer> failuresInARow = new ConcurrentHashMap<>();
  private final Map<URI, WebhookNotifier> webhooks = new ConcurrentHashMap<>();
  private HttpClient httpClient; // made on the first webhook post

  /**
   * Notifications by these settings; sends nothing until a run ends. The mail thread and the HTTP
   * client are made on first use.
   *
   * @param clock the scheduler's clock, for the rate limit and the emails' date
   * @param policies the policy of a schedule registered under a name, for its retries and its own
   *     recipients
   */
  public Notifications(
      NotificationSettings settings, Clock clock, Function<String, Optional<RunPolicy>> policies) {
    this.settings = settings;
    this.clock = clock;
    this.policies = policies;
    this.defaults = EnumSet.of(NotifyOn.FAILURE);
    if (settings.notifyOnSuccess()) {
      defaults.add(NotifyOn.SUCCESS);
    }
    if (settings.notifyOnRecovery()) {
      defaults.add(NotifyOn.RECOVERY);
    }
    this.rateLimit = new RateLimit(settings.notifyMinInterval(), clock);
    this.mail = settings.smtpHost() == null ? null : new MailSender(settings);
  }

  /**
   * Forgets what is kept about a removed schedule (its failures in a row, its rate limit's window):
   * a schedule made later under its name starts afresh, and schedules made and removed by the
   * thousand leave nothing behind.
   */
  public void forget(String scheduleName) {
    failuresInARow.remove(scheduleName);
    rateLimit.forget(scheduleName);
  }

  /** Notifies a failure for good; an attempt that the schedule's retries will repeat is quiet. */
  @Override
  public void onRunFailed(ExecutionRecord run) {
    Optional<RunPolicy> policy = policies.apply(run.scheduleName());
    if (policy.isPresent() && policy.get().retries(run)) {
      return;
    }
    int failures = failuresInARow.merge(run.scheduleName(), 1, Integer::sum);
    ScheduleNotify notify = policy.map(RunPolicy::notifications).orElse(ScheduleNotify.NONE);
    if (notify.onOr(defaults).contains(NotifyOn.FAILURE)) {
      send(NotifyOn.FAILURE, run, failures, notify, false);
    }
    forgetIfRemoved(run.scheduleName());
  }

  /** Notifies a recovery or a success when asked for. */
  @Override
  public void onRunSucceeded(ExecutionRecord run) {
    Integer failures = failuresInARow.remove(run.scheduleName());
    ScheduleNotify notify =
        policies
            .apply(run.scheduleName())
            .map(RunPolicy::notifications)
            .orElse(ScheduleNotify.NONE);
    Set<NotifyOn> on = notify.onOr(defaults);
    if (failures != null && on.contains(NotifyOn.RECOVERY)) {
      send(NotifyOn.RECOVERY, run, failures, notify, false);
    } else if (on.contains(NotifyOn.SUCCESS)) {
      send(NotifyOn.SUCCESS, run, 0, notify, false);
    } else if (settings.webhookOnSuccess()) {
      send(NotifyOn.SUCCESS, run, 0, notify, true);
    }
  }

  /**
   * A run that ended after its schedule was removed leaves nothing behind: called where state is
   * kept (a failure counted, a rate limit's window), after keeping it, so that a removal either
   * came before (forgotten here) or comes after (forgotten then). A success that notifies no one
   * keeps nothing and looks nothing up.
   */
  private void forgetIfRemoved(String scheduleName) {
    if (policies.apply(scheduleName).isEmpty()) {
      forget(scheduleName);
    }
  }

  private void send(
      NotifyOn event,
      ExecutionRecord run,
      int failures,
      ScheduleNotify notify,
      boolean schedulerWebhookOnly) {
    List<String> emails = schedulerWebhookOnly ? List.of() : emails(notify);
    List<URI> hooks = webhooks(notify, schedulerWebhookOnly);
    if (emails.isEmpty() && hooks.isEmpty()) {
      return;
    }
    long heldBack = rateLimit.admit(run.scheduleName());
    forgetIfRemoved(run.scheduleName());
    if (heldBack == RateLimit.HELD_BACK) {
      log.debug("schedule '{}': {} of run {} held back", run.scheduleName(), event, run.runId());
      return;
    }
    Notification message =
        new Notification(event, run, failures, heldBack, rateLimit.minInterval());
    if (!emails.isEmpty()) {
      email(message, emails);
    }
    for (URI hook : hooks) {
      webhook(hook).post(run.scheduleName(), run.runId(), message.text());
    }
  }

  private void email(Notification message, List<String> recipients) {
    ExecutionRecord run = message.run();
    if (mail == null) {
      log.warn(
          "schedule '{}' has email recipients but no SMTP server is set (smtpHost,"
              + " SCHEDULER_SMTP_HOST): {} of run {} not emailed",
          run.scheduleName(),
          message.event(),
          run.runId());
      return;
    }
    String subject = message.subject();
    String text = message.text();
    Date sent = Date.from(clock.instant());
    outbox.submit(
        "email about schedule '"
            + run.scheduleName()
            + "' (run "
            + run.runId()
            + ") through "
            + mail.server(),
        () -> mail.send(recipients, subject, text, sent));
  }

  private List<String> emails(ScheduleNotify notify) {
    Set<String> all = new LinkedHashSet<>(settings.mailTo());
    all.addAll(notify.emails());
    return new ArrayList<>(all);
  }

  private List<URI> webhooks(ScheduleNotify notify, boolean schedulerWebhookOnly) {
    Set<URI> all = new LinkedHashSet<>();
    if (settings.webhookUrl() != null) {
      all.add(settings.webhookUrl());
    }
    if (!schedulerWebhookOnly) {
      all.addAll(notify.webhooks());
    }
    return new ArrayList<>(all);
  }

  private WebhookNotifier webhook(URI uri) {
    return webhooks.computeIfAbsent(
        uri, u -> new WebhookNotifier(u, false, httpClient(), WebhookNotifier.DEFAULT_TIMEOUT));
  }

  private synchronized HttpClient httpClient() {
    if (httpClient == null) {
      httpClient = WebhookNotifier.defaultClient();
    }
    return httpClient;
  }

  /**
   * Sends the emails queued and waits for the webhook posts in flight, each at most about their
   * timeout (10 s) plus a second; later runs notify nothing. Idempotent; never throws.
   */
  @Override
  public void close() {
    outbox.close();
    webhooks.values().forEach(WebhookNotifier::close);
  }
}
