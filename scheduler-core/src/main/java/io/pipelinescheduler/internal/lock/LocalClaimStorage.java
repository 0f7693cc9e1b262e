package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.spi.ClaimStorage;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The storage of the {@code local} backend ({@link LocalLockBackend}): claims and tombstones in a
 * map, expired tombstones purged lazily, a bounded number per claim. Thread-safe.
 */
final class LocalClaimStorage implements ClaimStorage {
  private static final int PURGE_BUDGET = 64;

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentSkipListSet<Expiry> expiries =
      new ConcurrentSkipListSet<>(LocalClaimStorage::byExpiry);

  @Override
  public boolean insertIfAbsentOrExpired(
      String key, String owner, Instant now, Instant tombstoneUntil) {
    purgeExpired(now, PURGE_BUDGET);
    Entry claimed = new Entry(owner, tombstoneUntil, true);
    return entries.compute(key, (k, old) -> old == null || old.expiredAt(now) ? claimed : old)
        == claimed;
  }

  @Override
  public void finish(String key, String owner, Instant tombstoneUntil) {
    Entry finished = new Entry(owner, tombstoneUntil, false);
    Entry now =
        entries.computeIfPresent(
            key, (k, old) -> old.running() && old.owner().equals(owner) ? finished : old);
    if (now == finished) {
      expiries.add(new Expiry(tombstoneUntil, key));
    }
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("entries", entries.size());
  }

  @Override
  public void close() {
    entries.clear();
    expiries.clear();
  }

  /** Removes up to {@code budget} expired tombstones; returns how many it removed. */
  int purgeExpired(Instant now, int budget) {
    int removed = 0;
    for (int i = 0; i < budget && !expiries.isEmpty(); i++) {
      Expiry first;
      try {
        first = expiries.first();
      } catch (NoSuchElementException e) {
        break; // emptied meanwhile
      }
      if (first.until().isAfter(now)) {
        break;
      }
      if (!expiries.remove(first)) {
        continue; // another thread purges it
      }
      // Conditional: the key may have been claimed again since this tombstone was written.
      boolean[] gone = {false};
      entries.computeIfPresent(
          first.key(),
          (k, e) -> {
            gone[0] = e.expiredAt(now);
            return gone[0] ? null : e;
          });
      removed += gone[0] ? 1 : 0;
    }
    return removed;
  }

  /** How many claims and tombstones are kept. */
  int size() {
    return entries.size();
  }

  private record Entry(String owner, Instant until, boolean running) {
    boolean expiredAt(Instant now) {
      return !running && !until.isAfter(now);
    }
  }

  private record Expiry(Instant until, String key) {}

  private static int byExpiry(Expiry a, Expiry b) {
    int byTime = a.until().compareTo(b.until());
    return byTime != 0 ? byTime : a.key().compareTo(b.key());
  }
}
