package io.pipelinescheduler;

/** The state of one run. */
public enum ExecutionStatus {
  /**
   * Claimed (recorded at claim time, the fence of its slot) and waiting for a worker or for its
   * slot; the job has not been started. After a crash of its instance, a live instance (or the
   * restarted one) runs it as the same slot and attempt, whatever the retry policy: a QUEUED run
   * never ends ABANDONED.
   */
  QUEUED,
  /**
   * Started on a worker (its job was handed the run), not yet finished. A RUNNING run whose
   * instance stopped heart-beating ends {@link #ABANDONED}.
   */
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** Interrupted because it ran past its timeout. */
  TIMED_OUT,
  /** Stopped by {@code cancel}, or by {@code stop()} after the grace period. */
  CANCELLED,
  /**
   * It had started ({@link #RUNNING}) when its instance stopped heart-beating (shared stores only);
   * its retry policy then applies.
   */
  ABANDONED;

  /** True for every status but {@link #QUEUED} and {@link #RUNNING}. */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }
}
