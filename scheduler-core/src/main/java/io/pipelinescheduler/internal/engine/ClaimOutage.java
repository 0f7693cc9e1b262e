package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * What one schedule keeps while the store or lock backend fails: the slots whose claim failed (see
 * {@link UnclaimedSlots}), the backoff before the next try, and the FIRE_ONCE catch-up sent for
 * them. Guarded by the monitor of its {@link ScheduleRuntime}.
 */
final class ClaimOutage {
  private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  private static final Duration MAX_DELAY = Duration.ofSeconds(5);

  /** The slots whose claim failed on a backend error and will be tried again, or null. */
  private UnclaimedSlots pending;

  /** The current backoff for {@link #pending} and retries; null after a claim succeeds. */
  private Duration delay;

  /**
   * When a FIRE_ONCE catch-up for slots kept through a backend failure was last sent to be claimed,
   * or later started: the slots missed before then are covered by it. Null when its claim failed.
   */
  private Instant caughtUpAt;

  /** The slot of that catch-up. */
  private Instant catchUpSlot;

  /**
   * The latest missed slot counted as covered by that catch-up while its claim was on its way: kept
   * again if the catch-up fails, so that the next one is for the latest missed slot.
   */
  private Instant coveredSlot;

  UnclaimedSlots pending() {
    return pending;
  }

  /** Starts keeping slots, to be tried again at {@code slots.resumeAt()}. */
  void keep(UnclaimedSlots slots) {
    pending = slots;
  }

  /** Takes the kept slots to try them again; null when there are none. */
  UnclaimedSlots takePending() {
    UnclaimedSlots taken = pending;
    pending = null;
    return taken;
  }

  void clearPending() {
    pending = null;
  }

  /** The backoff before the next try: 1 s, doubling to 5 s, until a claim succeeds. */
  Duration nextDelay() {
    Duration next =
        delay == null
            ? FIRST_DELAY
            : delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
    delay = next;
    return next;
  }

  /**
   * A run of {@code slot} was claimed and recorded at {@code now}: the backoff starts over, and a
   * catch-up of that slot covers every slot missed until it starts.
   */
  void claimed(Instant slot, Instant now) {
    delay = null;
    if (caughtUpAt != null && slot.equals(catchUpSlot)) {
      caughtUpAt = now;
      coveredSlot = null;
    }
  }

  /**
   * The claim of {@code slot} failed. When it was the catch-up's, the catch-up did not happen:
   * returns the slot it covered meanwhile (to keep it again), else null.
   */
  Instant claimFailed(Instant slot) {
    if (caughtUpAt == null || !slot.equals(catchUpSlot)) {
      return null;
    }
    caughtUpAt = null;
    Instant covered = coveredSlot;
    coveredSlot = null;
    return covered;
  }

  /**
   * When slots up to {@code lastMissed} are covered by the catch-up already sent (FIRE_ONCE makes
   * one catch-up run per outage): the instant it was sent, and the slot is counted as covered. Null
   * when they are not covered.
   */
  Instant coveredBy(Instant lastMissed) {
    if (caughtUpAt == null || lastMissed.isAfter(caughtUpAt)) {
      return null;
    }
    if (coveredSlot == null || lastMissed.isAfter(coveredSlot)) {
      coveredSlot = lastMissed;
    }
    return caughtUpAt;
  }

  /** A FIRE_ONCE catch-up of {@code slot} is sent at {@code now}. */
  void catchUpSent(Instant slot, Instant now) {
    caughtUpAt = now;
    catchUpSlot = slot;
    coveredSlot = null;
  }
}
