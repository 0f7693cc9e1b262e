package io.pipelinescheduler;

/**
 * The outcomes of a schedule's runs that send a notification (an email, a webhook post): chosen per
 * schedule with {@link ScheduleBuilder#notifyOn(NotifyOn...)}, else by the scheduler's {@link
 * SchedulerConfig.Builder#notifyOnSuccess(boolean)} and {@link
 * SchedulerConfig.Builder#notifyOnRecovery(boolean)} (failures are always notified then).
 */
public enum NotifyOn {
  /**
   * A run failed for good: it ended FAILED, TIMED_OUT, CANCELLED or ABANDONED and its schedule's
   * retries will not try it again. An attempt that will be retried notifies nothing.
   */
  FAILURE,
  /** A run succeeded (also a retry that succeeded). */
  SUCCESS,
  /**
   * The first success after one or more failures for good, as seen by this scheduler instance since
   * it started. When both this and {@link #SUCCESS} apply, one message is sent.
   */
  RECOVERY
}
