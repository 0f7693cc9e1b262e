package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether this instance may reap others' runs (mark them ABANDONED, take their queued runs over):
 * not after the store could not be reached (others' heartbeats could not be written either) until
 * this instance has reached it again for a whole heartbeat timeout. A call that took longer than
 * {@link #maxCallNanos} (three heartbeat intervals, at most half the timeout) counts as contact
 * only from when the store answered: it may have waited for a connection through an outage and then
 * succeeded without failing, and others' heartbeats may have waited as long. Any thread.
 */
final class ReapGate {
  private final Duration heartbeatTimeout;
  private final long maxCallNanos;
  private boolean storeFailed; // guarded by this
  private Instant reachedSince; // guarded by this

  ReapGate(Duration heartbeatTimeout, Duration heartbeatInterval) {
    this.heartbeatTimeout = heartbeatTimeout;
    this.maxCallNanos =
        Math.min(heartbeatInterval.multipliedBy(3).toNanos(), heartbeatTimeout.toNanos() / 2);
  }

  /** The store failed (here or on another thread): reaping waits until it is reached again. */
  synchronized void storeFailed() {
    reachedSince = null;
    storeFailed = true;
  }

  /**
   * The store was just reached by a call that began at {@code began} and was answered at {@code
   * answered} (the scheduler's clock), after {@code callNanos} of real time: whether reaping may go
   * on.
   */
  synchronized boolean mayReap(Instant began, Instant answered, long callNanos) {
    if (!storeFailed) {
      return true;
    }
    if (callNanos > maxCallNanos) {
      reachedSince = answered; // no contact while the call waited
    } else if (reachedSince == null) {
      reachedSince = began;
    }
    if (answered.isBefore(reachedSince.plus(heartbeatTimeout))) {
      return false;
    }
    storeFailed = false;
    reachedSince = null;
    return true;
  }
}
