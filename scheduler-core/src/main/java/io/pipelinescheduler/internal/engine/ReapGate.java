package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether this instance may reap others' runs (mark them ABANDONED, take their queued runs over):
 * not after the store could not be reached (others' heartbeats could not be written either) until
 * this instance has reached it again for a whole heartbeat timeout. Any thread.
 */
final class ReapGate {
  private final Duration heartbeatTimeout;
  private boolean storeFailed; // guarded by this
  private Instant reachedSince; // guarded by this

  ReapGate(Duration heartbeatTimeout) {
    this.heartbeatTimeout = heartbeatTimeout;
  }

  /** The store failed (here or on another thread): reaping waits until it is reached again. */
  synchronized void storeFailed() {
    reachedSince = null;
    storeFailed = true;
  }

  /** The store was just reached at {@code now}: whether reaping may go on. */
  synchronized boolean mayReap(Instant now) {
    if (!storeFailed) {
      return true;
    }
    if (reachedSince == null) {
      reachedSince = now;
    }
    if (now.isBefore(reachedSince.plus(heartbeatTimeout))) {
      return false;
    }
    storeFailed = false;
    reachedSince = null;
    return true;
  }
}
