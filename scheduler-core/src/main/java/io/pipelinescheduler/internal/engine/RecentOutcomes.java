package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleInfo;

/**
 * Whether each of a schedule's latest finished runs failed, packed in one {@code int} so that a
 * million schedules cost no more than a field each: bit {@code i} is the run {@code i} before the
 * newest (1 = failed), and the bits from {@value #COUNT_SHIFT} up count the runs kept (at most
 * {@link ScheduleInfo#RECENT_RUNS}). Cancelled runs are left out: an operator stopping a run says
 * nothing of the job.
 */
final class RecentOutcomes {
  static final int NONE = 0;
  private static final int KEPT = ScheduleInfo.RECENT_RUNS;
  private static final int COUNT_SHIFT = 24;
  private static final int OUTCOME_BITS = (1 << KEPT) - 1;

  private RecentOutcomes() {}

  /** {@code packed} with {@code run} as the newest, when it is finished and not cancelled. */
  static int add(int packed, ExecutionRecord run) {
    if (run == null || !run.status().isFinal() || run.status() == ExecutionStatus.CANCELLED) {
      return packed;
    }
    int count = Math.min(KEPT, count(packed) + 1);
    int outcomes = ((packed << 1) | (run.success() ? 0 : 1)) & OUTCOME_BITS;
    return (count << COUNT_SHIFT) | outcomes;
  }

  /** The share of the kept runs that succeeded, or null when none is kept. */
  static Double successRate(int packed) {
    int count = count(packed);
    if (count == 0) {
      return null;
    }
    return (double) (count - Integer.bitCount(packed & OUTCOME_BITS)) / count;
  }

  /** Whether the latest {@code runs} all failed (false while fewer are kept). */
  static boolean latestFailed(int packed, int runs) {
    if (runs < 1 || runs > KEPT || count(packed) < runs) {
      return false;
    }
    int mask = (1 << runs) - 1;
    return (packed & mask) == mask;
  }

  private static int count(int packed) {
    return packed >>> COUNT_SHIFT;
  }
}
