package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slots handed to the claim thread and not yet claimed and recorded ({@link BatchedClaims}).
 * Writes that no run waits for to start (runs' starts and ends on the record thread, schedules'
 * slots on the slots writer) yield to them: they wait while slots wait to be claimed, for at most
 * {@link #MAX_YIELD} (the record thread from when the oldest write of its batch was queued, the
 * slots writer from when it takes up its pairs), so that in a burst the database's time goes to the
 * claims first. Thread-safe.
 */
final class PendingClaims {
  /**
   * The longest a write waits for the claims: a burst of 10,000 slots on PostgreSQL is claimed
   * within it on a small machine, and a run's end is recorded at most this much later for it.
   */
  static final Duration MAX_YIELD = Duration.ofMillis(250);

  private static final long MAX_YIELD_NANOS = MAX_YIELD.toNanos();

  private final AtomicInteger count = new AtomicInteger();
  private final Object idle = new Object();

  /** {@code n} slots were handed to the claim thread. */
  void added(int n) {
    count.addAndGet(n);
  }

  /** {@code n} slots were claimed and recorded, or will not be. */
  void done(int n) {
    if (count.addAndGet(-n) <= 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Whether slots wait to be claimed. */
  boolean busy() {
    return count.get() > 0;
  }

  /**
   * Waits while slots wait to be claimed, until {@link #MAX_YIELD} after {@code queuedNanos} (a
   * {@link System#nanoTime()}) at the latest. An interrupt ends the wait and is kept.
   */
  void yieldFrom(long queuedNanos) {
    if (!busy()) {
      return;
    }
    long deadline = queuedNanos + MAX_YIELD_NANOS;
    synchronized (idle) {
      while (busy()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
