package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Whether this instance may reap others' runs (mark them ABANDONED, take their queued runs over):
 * not after the store could not be reached (others' heartbeats could not be written either) until
 * this instance has reached it again for a whole heartbeat timeout. Reaching it counts from the
 * first reach after a pause of more than three heartbeat intervals (real time) between two reaches:
 * a call that waited through an outage and then succeeded, without failing, is no contact through
 * that outage. Any thread.
 */
final class ReapGate {
  private final Duration heartbeatTimeout;
  private final long maxPauseNanos;
  private final LongSupplier nanoTime;
  private boolean storeFailed; // guarded by this
  private Instant reachedSince; // guarded by this
  private long lastReachedNanos; // guarded by this

  ReapGate(Duration heartbeatTimeout, Duration heartbeatInterval) {
    this(heartbeatTimeout, heartbeatInterval, System::nanoTime);
  }

  /** With {@code nanoTime} as the real time source (tests). */
  ReapGate(Duration heartbeatTimeout, Duration heartbeatInterval, LongSupplier nanoTime) {
    this.heartbeatTimeout = heartbeatTimeout;
    this.maxPauseNanos = heartbeatInterval.multipliedBy(3).toNanos();
    this.nanoTime = nanoTime;
  }

  /** The store failed (here or on another thread): reaping waits until it is reached again. */
  synchronized void storeFailed() {
    reachedSince = null;
    storeFailed = true;
  }

  /**
   * The store was just reached, {@code now} on the scheduler's clock (read when it answered):
   * whether reaping may go on.
   */
  synchronized boolean mayReap(Instant now) {
    if (!storeFailed) {
      return true;
    }
    long nanos = nanoTime.getAsLong();
    if (reachedSince == null || nanos - lastReachedNanos > maxPauseNanos) {
      reachedSince = now;
    }
    lastReachedNanos = nanos;
    if (now.isBefore(reachedSince.plus(heartbeatTimeout))) {
      return false;
    }
    storeFailed = false;
    reachedSince = null;
    return true;
  }
}
