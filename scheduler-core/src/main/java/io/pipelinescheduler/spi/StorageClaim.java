package io.pipelinescheduler.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One claim as the storage sees it.
 *
 * @param key the slot key from {@link ClaimStorage#key}
 * @param owner the instance claiming
 * @param tombstoneUntil when the claim stops blocking the slot if it is never renewed or finished;
 *     in {@link ClaimStorage#finishAll}: when the finished claim's tombstone ends
 */
public record StorageClaim(String key, String owner, Instant tombstoneUntil) {
  /** Checks that no field is null. */
  public StorageClaim {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(tombstoneUntil, "tombstoneUntil");
  }
}
