package io.pipelinescheduler.internal.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The slots of one schedule whose claim or record failed because the store or lock backend could
 * not be reached, kept until the claim is tried again. Bounded: at most {@link #MAX_LATE} slots are
 * kept one by one (those that may still be within the misfire grace when the backend is back); a
 * slot older than the grace, or pushed out by newer ones, only adds to a count with the newest such
 * slot, plus, under {@code FIRE_ALL}, the latest {@code keep} of them. Guarded by the runtime's
 * monitor.
 */
final class UnclaimedSlots {
  /** The most slots kept one by one; 1,000 covers a slot a second through 16 minutes. */
  static final int MAX_LATE = 1_000;

  private final TreeSet<Instant> late = new TreeSet<>();
  private final TreeSet<Instant> missedKept = new TreeSet<>();
  private final Instant resumeAt;
  private long missedCount;
  private Instant missedLast;

  /** Kept slots, none yet, to be tried again at {@code resumeAt}. */
  UnclaimedSlots(Instant resumeAt) {
    this.resumeAt = resumeAt;
  }

  /** When the kept slots are tried again, unless a claim succeeds before. */
  Instant resumeAt() {
    return resumeAt;
  }

  /**
   * Adds a slot; slots before {@code cutoff} (now minus the misfire grace) can no longer be just
   * late and count as missed. {@code keep} is how many missed slots to keep (FIRE_ALL), else 0.
   */
  void add(Instant slot, Instant cutoff, int keep) {
    if (slot.isBefore(cutoff)) {
      miss(slot, keep);
    } else if (late.add(slot) && late.size() > MAX_LATE) {
      miss(late.pollFirst(), keep);
    }
    missBefore(cutoff, keep);
  }

  /** Moves the slots before {@code cutoff} to the missed ones. */
  void missBefore(Instant cutoff, int keep) {
    while (!late.isEmpty() && late.first().isBefore(cutoff)) {
      miss(late.pollFirst(), keep);
    }
  }

  private void miss(Instant slot, int keep) {
    missedCount++;
    if (missedLast == null || slot.isAfter(missedLast)) {
      missedLast = slot;
    }
    if (keep > 0 && missedKept.add(slot) && missedKept.size() > keep) {
      missedKept.pollFirst();
    }
  }

  /** The missed slots, for the misfire policy; {@code count} 0 when none. */
  MissedSlots missed() {
    return new MissedSlots(missedCount, missedLast, null, new ArrayDeque<>(missedKept));
  }

  /** The slots that are only late, oldest first. */
  List<Instant> late() {
    return new ArrayList<>(late);
  }

  /** How many slots are remembered in all. */
  long size() {
    return missedCount + late.size();
  }
}
