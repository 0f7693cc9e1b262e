package io.pipelinescheduler.internal.notify;

import io.pipelinescheduler.NotifyOn;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whom one schedule's runs are notified to, besides the scheduler's recipients, and on what.
 * Immutable.
 *
 * @param emails the schedule's own email recipients, checked addresses
 * @param webhooks the schedule's own webhooks, absolute http or https URLs
 * @param on the outcomes notified, or null for the scheduler's choice
 */
public record ScheduleNotify(List<String> emails, List<URI> webhooks, Set<NotifyOn> on) {
  /** No recipients of its own, the scheduler's choice of outcomes. */
  public static final ScheduleNotify NONE = new ScheduleNotify(List.of(), List.of(), null);

  /** Copies the lists and the set. */
  public ScheduleNotify {
    emails = List.copyOf(emails);
    webhooks = List.copyOf(webhooks);
    on = on == null ? null : Set.copyOf(on.isEmpty() ? EnumSet.noneOf(NotifyOn.class) : on);
  }

  /** True when nothing differs from {@link #NONE}. */
  public boolean isNone() {
    return emails.isEmpty() && webhooks.isEmpty() && on == null;
  }

  /** The outcomes notified: {@link #on()}, else the scheduler's default. */
  Set<NotifyOn> onOr(Set<NotifyOn> defaults) {
    return Objects.requireNonNullElse(on, defaults);
  }
}
