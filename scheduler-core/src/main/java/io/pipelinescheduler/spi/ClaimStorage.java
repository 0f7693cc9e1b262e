package io.pipelinescheduler.spi;

import io.pipelinescheduler.SlotClaim;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The storage operations of a lock backend: what a backend author implements and hands to {@link
 * StorageLockBackend}, which calls them (the way ShedLock's {@code StorageBasedLockProvider} calls
 * its {@code StorageAccessor}). Only {@link #insertIfAbsentOrExpired} and {@link #finish} are
 * required; the batch operations default to a loop over them.
 *
 * <p>Thread-safety: every operation is called concurrently from scheduler threads and must be
 * atomic on its own, also across processes when the storage is shared. Exceptions: an operation
 * throws {@link IOException} (or an unchecked exception) when the storage cannot be reached; the
 * template turns it into a {@link io.pipelinescheduler.SchedulerException} naming the backend and
 * the key, counts it and shows it as {@code lastError} in the health details.
 */
public interface ClaimStorage {
  /**
   * Atomically stores a running claim for {@code key} if there is none, or if the one there has a
   * tombstone that expired at or before {@code now} and is no longer held by a live run. Exactly
   * one concurrent caller per key may get true, across every instance sharing the storage. Redis:
   * {@code SET key owner NX PX (tombstoneUntil - now)}.
   *
   * @param key the slot key from {@link #key(SlotClaim)}
   * @param owner the instance claiming
   * @param now the current wall time
   * @param tombstoneUntil when the claim stops blocking the slot if it is never renewed or finished
   * @return true when this caller won the slot
   * @throws IOException or an unchecked exception when the storage cannot be reached
   */
  boolean insertIfAbsentOrExpired(String key, String owner, Instant now, Instant tombstoneUntil)
      throws IOException;

  /**
   * {@link #insertIfAbsentOrExpired} for several claims at once, with one result per claim in
   * order. Storage behind a network overrides it to send them in one round trip; the default calls
   * {@link #insertIfAbsentOrExpired} for each. On an exception the claims already stored stay until
   * their tombstones expire, as a single claim whose reply was lost does: such a slot may be
   * skipped, never run twice.
   *
   * @param claims the claims, with distinct keys
   * @param now the current wall time
   * @return for each claim, whether this caller won its slot
   * @throws IOException or an unchecked exception when the storage cannot be reached
   */
  default boolean[] insertAllIfAbsentOrExpired(List<StorageClaim> claims, Instant now)
      throws IOException {
    boolean[] won = new boolean[claims.size()];
    for (int i = 0; i < claims.size(); i++) {
      StorageClaim claim = claims.get(i);
      won[i] = insertIfAbsentOrExpired(claim.key(), claim.owner(), now, claim.tombstoneUntil());
    }
    return won;
  }

  /**
   * Marks a claim this backend won as finished; the entry stays as a tombstone until {@code
   * tombstoneUntil}, then may be removed. Does nothing when {@code owner} no longer holds it.
   * Called at most once per won claim.
   *
   * @throws IOException or an unchecked exception when the storage cannot be reached; the release
   *     is then logged and counted, the claim's earlier tombstone still applies
   */
  void finish(String key, String owner, Instant tombstoneUntil) throws IOException;

  /**
   * Marks several claims this backend won as finished, as {@link #finish} does for each. Storage
   * behind a network overrides it to send them in one round trip; the default calls {@link #finish}
   * for each.
   *
   * @param claims the claims to finish: key, owner and the tombstone's end
   * @throws IOException or an unchecked exception when the storage cannot be reached; the claims'
   *     earlier tombstones then still apply
   */
  default void finishAll(List<StorageClaim> claims) throws IOException {
    for (StorageClaim claim : claims) {
      finish(claim.key(), claim.owner(), claim.tombstoneUntil());
    }
  }

  /**
   * Extends a running claim's expiry to {@code tombstoneUntil}. Called by {@link
   * RenewingLockBackend} for each held claim; storage that keeps a claim for as long as its holder
   * lives is not wrapped in one and needs no renewal. The default returns true.
   *
   * @return false when {@code owner} no longer holds the claim; the run is then told it is lost
   * @throws IOException or an unchecked exception when the storage cannot be reached; this also
   *     counts as a lost claim
   */
  default boolean renew(String key, String owner, Instant tombstoneUntil) throws IOException {
    return true;
  }

  /** The storage key of a claim: {@link SlotClaim#key()} by default; e.g. with a prefix. */
  default String key(SlotClaim claim) {
    return claim.key();
  }

  /** Storage-specific entries for the backend's health details; empty by default. */
  default Map<String, Object> details() {
    return Map.of();
  }

  /**
   * Releases the storage's files or connections; called once, when the backend is closed, after
   * which no other operation is called. Does nothing by default; must not throw.
   */
  default void close() {}
}
