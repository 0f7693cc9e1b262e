package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.internal.time.Timing;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The slots of a timing that were missed: those before the cutoff (now minus the misfire grace),
 * counted from the first overdue slot.
 *
 * @param count how many were missed (at most the scan limit)
 * @param last the latest missed slot
 * @param next the first slot that is not missed (due within the grace or later), or null
 * @param kept the latest missed slots, oldest first, at most the number asked to keep
 */
record MissedSlots(long count, Instant last, Instant next, Deque<Instant> kept) {
  private static final int SCAN_LIMIT = 100_000;

  /**
   * Walks from {@code first} (itself missed) up to {@code cutoff}; beyond the scan limit it jumps
   * straight to the first slot after the cutoff. Slots on dates the timing {@linkplain
   * Timing#excludes excludes} are passed over: they would not have run, so they are not missed.
   */
  static MissedSlots scan(Timing timing, Instant first, Instant cutoff, int keep) {
    Deque<Instant> kept = new ArrayDeque<>();
    long count = 0;
    Instant last = null;
    Instant next = first;
    while (next != null && next.isBefore(cutoff) && count < SCAN_LIMIT) {
      if (timing.excludes(next)) {
        next = afterExcluded(timing, next, cutoff);
        continue;
      }
      count++;
      last = next;
      if (keep > 0) {
        kept.addLast(next);
        if (kept.size() > keep) {
          kept.removeFirst();
        }
      }
      next = timing.nextAfter(next).orElse(null);
    }
    if (next != null && next.isBefore(cutoff)) {
      next = timing.nextAfter(cutoff).orElse(null);
    }
    return new MissedSlots(count, last, next, kept);
  }

  /**
   * The slot to go on from after a missed slot on an excluded date: the next slot that runs, unless
   * that passes the cutoff; then the first slot from the cutoff on, which is the timetable's again
   * (an excluded one is reported skipped when it comes due). Null when there is none.
   */
  static Instant afterExcluded(Timing timing, Instant excluded, Instant cutoff) {
    Instant run = timing.nextRunAfter(excluded).orElse(null);
    return run != null && run.isBefore(cutoff)
        ? run
        : timing.nextAfter(cutoff.minusNanos(1)).orElse(null);
  }
}
