package io.pipelinescheduler;

/** Why a due slot did not run. */
public enum SkipReason {
  /** The previous run was still running and the overlap policy is SKIP. */
  OVERLAP,
  /**
   * A schedule named in {@code dependsOn} had no successful latest run, or its run of the same
   * period did not succeed within {@link SchedulerConfig.Builder#dependencyWait}.
   */
  DEPENDENCY,
  /** The slot was missed and the misfire policy dropped it. */
  MISFIRE,
  /** Another instance claimed the slot. */
  CLAIMED_ELSEWHERE,
  /**
   * The store or lock backend could not be reached, so the claim could not be made then. The slot
   * is kept and its claim tried again: once the backend is back it runs late, or follows the
   * misfire policy when it is older than the misfire grace by then.
   */
  BACKEND_UNAVAILABLE,
  /**
   * The slot's date, in the schedule's zone, is in its {@linkplain ScheduleBuilder#excluding
   * holiday calendar}.
   */
  HOLIDAY
}
