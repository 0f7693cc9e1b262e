package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.OverlapPolicy;
import io.pipelinescheduler.internal.notify.ScheduleNotify;
import java.time.Duration;
import java.util.Objects;

/**
 * How the runs of one schedule behave: retries, timeout, overlap and misfire, and who is told of
 * their outcome.
 *
 * @param maxRetries retries after the first attempt (0 = none)
 * @param firstRetryDelay the delay before the first retry; doubled for each further retry, capped
 *     at {@link #MAX_RETRY_DELAY} (or the first delay when that is longer)
 * @param timeout run time after which a run is interrupted; null for none
 * @param notifications the schedule's own notification recipients and outcomes
 */
public record RunPolicy(
    int maxRetries,
    Duration firstRetryDelay,
    Duration timeout,
    OverlapPolicy overlap,
    MisfirePolicy misfire,
    ScheduleNotify notifications) {

  /** The longest backoff between retries unless the first delay is longer. */
  public static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

  /** No retries, no timeout, QUEUE, FIRE_ONCE. */
  public static final RunPolicy DEFAULT =
      new RunPolicy(0, Duration.ZERO, null, OverlapPolicy.QUEUE, MisfirePolicy.FIRE_ONCE);

  /**
   * A policy of these values: {@link #DEFAULT} itself when they are its values (one instance shared
   * by most schedules, none made for them).
   */
  public static RunPolicy of(
      int maxRetries,
      Duration firstRetryDelay,
      Duration timeout,
      OverlapPolicy overlap,
      MisfirePolicy misfire,
      ScheduleNotify notifications) {
    if (maxRetries == DEFAULT.maxRetries
        && DEFAULT.firstRetryDelay.equals(firstRetryDelay)
        && timeout == null
        && overlap == DEFAULT.overlap
        && misfire == DEFAULT.misfire
        && DEFAULT.notifications.equals(notifications)) {
      return DEFAULT;
    }
    return new RunPolicy(maxRetries, firstRetryDelay, timeout, overlap, misfire, notifications);
  }

  /** Checks the required fields. */
  public RunPolicy {
    Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
    Objects.requireNonNull(overlap, "overlap");
    Objects.requireNonNull(misfire, "misfire");
    Objects.requireNonNull(notifications, "notifications");
  }

  /** With {@link ScheduleNotify#NONE}. */
  public RunPolicy(
      int maxRetries,
      Duration firstRetryDelay,
      Duration timeout,
      OverlapPolicy overlap,
      MisfirePolicy misfire) {
    this(maxRetries, firstRetryDelay, timeout, overlap, misfire, ScheduleNotify.NONE);
  }

  /**
   * True when this policy tries {@code failed} again: it ended FAILED, TIMED_OUT or ABANDONED (not
   * CANCELLED) and retries are left. The engine still retries only while it runs and the schedule
   * is active.
   */
  public boolean retries(ExecutionRecord failed) {
    ExecutionStatus status = failed.status();
    boolean retryable =
        status == ExecutionStatus.FAILED
            || status == ExecutionStatus.TIMED_OUT
            || status == ExecutionStatus.ABANDONED;
    return retryable && failed.attempt() <= maxRetries;
  }

  /** The delay before attempt {@code failedAttempt + 1}: first × 2^(failedAttempt−1), capped. */
  public Duration retryDelay(int failedAttempt) {
    Duration cap =
        firstRetryDelay.compareTo(MAX_RETRY_DELAY) > 0 ? firstRetryDelay : MAX_RETRY_DELAY;
    Duration delay = firstRetryDelay;
    for (int i = 1; i < failedAttempt && delay.compareTo(cap) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }
}
