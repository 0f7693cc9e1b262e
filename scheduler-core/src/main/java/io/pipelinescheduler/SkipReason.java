package io.pipelinescheduler;

/** Why a due slot did not run. */
public enum SkipReason {
  /** The previous run was still running and the overlap policy is SKIP. */
  OVERLAP,
  /** A schedule named in {@code dependsOn} had no successful latest run. */
  DEPENDENCY,
  /** The slot was missed and the misfire policy dropped it. */
  MISFIRE,
  /** Another instance claimed the slot. */
  CLAIMED_ELSEWHERE,
  /** The store or lock backend could not be reached, so the claim could not be made. */
  BACKEND_UNAVAILABLE
}
