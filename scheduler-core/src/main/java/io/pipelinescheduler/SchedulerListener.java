package io.pipelinescheduler;

import java.time.Instant;

/**
 * Callbacks on what the scheduler does: the hook for notifications and metrics. Every method has a
 * no-op default. Callbacks run on the scheduler's threads (run callbacks on the run's worker
 * thread, slot callbacks on the timer thread), so they must be quick and must not block; an
 * exception thrown by a listener is logged and ignored.
 */
public interface SchedulerListener {
  /** A run started on a worker. {@code lateness} is start minus slot (zero for manual runs). */
  default void onRunStarted(ExecutionRecord run, java.time.Duration lateness) {}

  /** A run finished with {@link ExecutionStatus#SUCCEEDED}. */
  default void onRunSucceeded(ExecutionRecord run) {}

  /** A run finished in any other way: FAILED, TIMED_OUT, CANCELLED or ABANDONED. */
  default void onRunFailed(ExecutionRecord run) {}

  /** A failed run will be tried again at {@code retryAt}. */
  default void onRetryScheduled(ExecutionRecord failed, Instant retryAt) {}

  /** A due slot did not run; {@code detail} says why in words. */
  default void onSlotSkipped(String scheduleName, Instant slot, SkipReason reason, String detail) {}

  /**
   * Slots were missed (the scheduler was down, or they passed while it could not run them); {@code
   * missed} is how many, {@code policy} what was done about them.
   */
  default void onMisfire(String scheduleName, long missed, MisfirePolicy policy) {}

  /** This instance asked to claim a slot and won or lost. */
  default void onClaim(String scheduleName, Instant slot, boolean won) {}

  /** A claim held by a running run was lost (lease renewal failed). */
  default void onLeaseLost(String scheduleName, String runId) {}

  /** The store or lock backend failed an operation. */
  default void onBackendError(String backend, String operation, Exception error) {}
}
