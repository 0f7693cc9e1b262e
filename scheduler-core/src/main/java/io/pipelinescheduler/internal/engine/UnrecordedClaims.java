package io.pipelinescheduler.internal.engine;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Claims this instance won whose run could not then be recorded because the store failed. The claim
 * was released, so its tombstone (this instance's) blocks the slot for every claimant, including
 * this one: while that tombstone surely lasts, the next try records the run without claiming again,
 * and the store's unique key on (schedule, slot, attempt) stays the fence. After that the slot is
 * claimed as usual. Bounded to {@link #MAX} entries; thread-safe.
 */
final class UnrecordedClaims {
  /** The most claims remembered; past it, expired ones are dropped, then new ones not kept. */
  static final int MAX = 100_000;

  private record Key(String schedule, Instant slot, int attempt) {}

  private final Map<Key, Instant> validUntil = new ConcurrentHashMap<>();

  /** Remembers a won claim as this instance's until {@code until}; false when full. */
  boolean remember(String schedule, Instant slot, int attempt, Instant until, Instant now) {
    if (validUntil.size() >= MAX) {
      validUntil.values().removeIf(end -> !end.isAfter(now));
      if (validUntil.size() >= MAX) {
        return false;
      }
    }
    validUntil.put(new Key(schedule, slot, attempt), until);
    return true;
  }

  /** Whether the slot's claim is still this instance's from a failed record. */
  boolean holds(String schedule, Instant slot, int attempt, Instant now) {
    if (validUntil.isEmpty()) {
      return false;
    }
    Instant end = validUntil.get(new Key(schedule, slot, attempt));
    return end != null && end.isAfter(now);
  }

  /** The slot's run was recorded (or found recorded): the claim is no longer needed. */
  void forget(String schedule, Instant slot, int attempt) {
    if (!validUntil.isEmpty()) {
      validUntil.remove(new Key(schedule, slot, attempt));
    }
  }
}
