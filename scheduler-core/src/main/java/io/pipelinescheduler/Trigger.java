package io.pipelinescheduler;

/** Why a run started. */
public enum Trigger {
  /** Its slot came due. */
  SCHEDULED,
  /** {@code runNow}. */
  MANUAL,
  /** A retry of a failed attempt. */
  RETRY,
  /** A run for slots missed while the scheduler was down (misfire policy). */
  CATCH_UP,
  /**
   * Its upstream succeeded ({@link ScheduleBuilder#after}); the run's scheduled time is the end of
   * the upstream run that completed the trigger.
   */
  UPSTREAM
}
