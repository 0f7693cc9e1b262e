package io.pipelinescheduler;

/** What happens when a slot comes due while the previous run of the same schedule still runs. */
public enum OverlapPolicy {
  /**
   * The slot waits and runs right after the current run ends; several waiting slots collapse into
   * one (the default).
   */
  QUEUE,
  /** The slot is dropped and counted as skipped. */
  SKIP,
  /** The slot runs in parallel with the current run. */
  ALLOW
}
