package io.pipelinescheduler;

/** Overall health of a scheduler. */
public enum Health {
  /** Started, store and lock backend working, runs mostly succeeding. */
  UP,
  /**
   * Engine running, but the store or lock backend is failing, a schedule's latest runs all failed,
   * or runs fail above the threshold.
   */
  DEGRADED,
  /** Not started, stopped, or the engine thread died. */
  DOWN
}
