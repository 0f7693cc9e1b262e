package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.spi.StorageLockBackend;
import java.time.Clock;
import java.time.Instant;

/**
 * The {@code local} backend: claims kept in memory for a single instance, used when {@code
 * distributed} is off. A running claim is never taken over; a finished one stays as a tombstone
 * until it expires. Expired tombstones are purged lazily, a bounded number per claim, so memory
 * stays proportional to the claims made within one tombstone period.
 *
 * <p>Thread-safe.
 */
public final class LocalLockBackend extends StorageLockBackend {
  /** The name users select it by. */
  public static final String NAME = "local";

  private final LocalClaimStorage entries;

  /**
   * An empty in-memory backend.
   *
   * @param clock wall time for tombstone expiry
   */
  public LocalLockBackend(Clock clock) {
    this(new LocalClaimStorage(), clock);
  }

  private LocalLockBackend(LocalClaimStorage entries, Clock clock) {
    super(NAME, clock, entries);
    this.entries = entries;
  }

  /** Removes up to {@code budget} expired tombstones; returns how many it removed. */
  int purgeExpired(Instant now, int budget) {
    return entries.purgeExpired(now, budget);
  }

  /** How many claims and tombstones are kept; for tests. */
  int size() {
    return entries.size();
  }
}
