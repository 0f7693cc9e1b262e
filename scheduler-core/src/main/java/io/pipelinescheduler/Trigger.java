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
  CATCH_UP
}
