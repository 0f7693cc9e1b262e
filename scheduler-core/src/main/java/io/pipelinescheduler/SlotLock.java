package io.pipelinescheduler;

/** A won claim, held while its run runs. */
public interface SlotLock {
  /**
   * Ends the hold when the run ends. The claim's tombstone stays until its expiry, so the slot
   * cannot be claimed again. Idempotent; never throws.
   */
  void release();

  /**
   * True once the backend can no longer vouch for the claim (a lease that could not be renewed).
   * The run is then told through {@link JobContext#isCancelled()}.
   */
  default boolean isLost() {
    return false;
  }
}
