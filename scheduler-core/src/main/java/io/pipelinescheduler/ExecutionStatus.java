package io.pipelinescheduler;

/** The state of one run. */
public enum ExecutionStatus {
  /** Claimed and started (or waiting for a worker), not yet finished. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Interrupted because it ran past its timeout. */
  TIMED_OUT,
  /** Stopped by {@code cancel}, or by {@code stop()} after the grace period. */
  CANCELLED,
  /** Its instance stopped heart-beating before the run finished (shared stores only). */
  ABANDONED;

  /** True for every status but {@link #RUNNING}. */
  public boolean isFinal() {
    return this != RUNNING;
  }
}
