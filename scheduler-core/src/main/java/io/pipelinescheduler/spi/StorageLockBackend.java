package io.pipelinescheduler.spi;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock backend on storage: the claim template every built-in backend uses. The backend author
 * implements only the storage operations ({@link ClaimStorage}); this class does the rest: key
 * building, tombstone sizing, claim bookkeeping, release, counts for health details and closing.
 * Storage that forgets a claim unless it is renewed is wrapped in {@link RenewingLockBackend}.
 *
 * <pre>{@code
 * LockBackend backend = new StorageLockBackend("mine", clock, new MyClaimStorage(...));
 * }</pre>
 *
 * <p>A claim's tombstone lasts {@code max(claim.tombstone(), MINIMUM_TOMBSTONE)}: it is written as
 * {@code now + tombstone} when the claim is won, and again, counted from the release, when the run
 * ends. Times come from the {@link Clock} given to the constructor (wall time).
 *
 * <p>Health details: {@code backend}, {@code claimsWon}, {@code claimsLost}, {@code claimsHeld},
 * {@code leasesLost}, {@code errors}, {@code lastError} (after a failure) and the storage's own
 * {@link ClaimStorage#details()}. No metrics are recorded here.
 *
 * <p>Thread-safe: {@link #tryClaim}, {@link SlotLock#release()} and {@link #close()} may be called
 * from any thread. A backend may subclass it only to add accessors of its own; every {@link
 * LockBackend} method is final.
 */
public class StorageLockBackend implements LockBackend {
  /** The shortest tombstone any claim gets, whatever it asks for: five minutes. */
  public static final Duration MINIMUM_TOMBSTONE = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(StorageLockBackend.class);

  private final String name;
  private final Clock clock;
  private final ClaimStorage storage;
  private final Set<HeldClaim> held = ConcurrentHashMap.newKeySet();
  private final AtomicLong claimsWon = new AtomicLong();
  private final AtomicLong claimsLost = new AtomicLong();
  private final AtomicLong leasesLost = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final ReadWriteLock openLock = new ReentrantReadWriteLock();
  private volatile String lastError;
  private boolean closed; // guarded by openLock

  /**
   * A backend with the given name on the given storage, reading wall time from the clock.
   *
   * @param name the name users select it by, e.g. {@code file}
   * @param clock wall time for every expiry decision
   * @param storage the storage operations; closed with this backend
   * @throws NullPointerException if an argument is null
   */
  public StorageLockBackend(String name, Clock clock, ClaimStorage storage) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /** The tombstone a claim gets: its own, but never less than {@link #MINIMUM_TOMBSTONE}. */
  public static Duration effectiveTombstone(Duration requested) {
    return requested.compareTo(MINIMUM_TOMBSTONE) > 0 ? requested : MINIMUM_TOMBSTONE;
  }

  @Override
  public final String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * @throws SchedulerException naming the backend and the key when the storage fails, or when the
   *     backend is closed
   */
  @Override
  public final Optional<SlotLock> tryClaim(SlotClaim claim) {
    return tryClaimAll(List.of(Objects.requireNonNull(claim, "claim"))).get(0);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The storage gets the claims in one {@link ClaimStorage#insertAllIfAbsentOrExpired} call.
   *
   * @throws SchedulerException naming the backend and the first key when the storage fails, or when
   *     the backend is closed
   */
  @Override
  public final List<Optional<SlotLock>> tryClaimAll(List<SlotClaim> claims) {
    Objects.requireNonNull(claims, "claims");
    if (claims.isEmpty()) {
      return List.of();
    }
    List<StorageClaim> toStore = new ArrayList<>(claims.size());
    List<Duration> tombstones = new ArrayList<>(claims.size());
    openLock.readLock().lock();
    try {
      String firstKey = storage.key(claims.get(0));
      if (closed) {
        throw new SchedulerException(
            "lock backend '" + name + "' is closed; cannot claim '" + firstKey + "'");
      }
      Instant now = clock.instant();
      for (SlotClaim claim : claims) {
        Duration tombstone = effectiveTombstone(claim.tombstone());
        tombstones.add(tombstone);
        toStore.add(new StorageClaim(storage.key(claim), claim.owner(), now.plus(tombstone)));
      }
      boolean[] won;
      try {
        won = storage.insertAllIfAbsentOrExpired(toStore, now);
      } catch (IOException | RuntimeException e) {
        String what =
            claims.size() == 1
                ? "'" + firstKey + "'"
                : claims.size() + " slots, the first '" + firstKey + "'";
        throw failure("could not claim " + what, e);
      }
      List<Optional<SlotLock>> results = new ArrayList<>(claims.size());
      for (int i = 0; i < claims.size(); i++) {
        if (!won[i]) {
          claimsLost.incrementAndGet();
          results.add(Optional.empty());
          continue;
        }
        claimsWon.incrementAndGet();
        HeldClaim lock =
            new HeldClaim(toStore.get(i).key(), toStore.get(i).owner(), tombstones.get(i));
        held.add(lock);
        results.add(Optional.of(lock));
      }
      return results;
    } finally {
      openLock.readLock().unlock();
    }
  }

  @Override
  public Map<String, Object> healthDetails() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backend", name);
    details.put("claimsWon", claimsWon.get());
    details.put("claimsLost", claimsLost.get());
    details.put("claimsHeld", held.size());
    details.put("leasesLost", leasesLost.get());
    details.put("errors", errors.get());
    String error = lastError;
    if (error != null) {
      details.put("lastError", error);
    }
    details.putAll(storage.details());
    return Map.copyOf(details);
  }

  /**
   * Closes the storage ({@link ClaimStorage#close}). Claims still held are not finished: their
   * tombstones stay until they expire, as if this instance had died. Later claims are refused;
   * later releases do nothing. Idempotent.
   */
  @Override
  public final void close() {
    openLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      held.clear();
      storage.close();
    } finally {
      openLock.writeLock().unlock();
    }
  }

  private SchedulerException failure(String what, Exception e) {
    errors.incrementAndGet();
    String message = "lock backend '" + name + "' " + what + ": " + e;
    lastError = message;
    return e instanceof SchedulerException se ? se : new SchedulerException(message, e);
  }

  /**
   * Renews every claim held to now plus its tombstone through {@link ClaimStorage#renew}; a claim
   * the storage refuses or fails to renew is marked lost. Called by {@link RenewingLockBackend}.
   */
  void renewHeld() {
    for (HeldClaim claim : held) {
      boolean renewed;
      try {
        renewed = storage.renew(claim.key, claim.owner, clock.instant().plus(claim.tombstone));
      } catch (IOException | RuntimeException e) {
        failure("could not renew '" + claim.key + "'", e);
        renewed = false;
      }
      if (!renewed && !claim.released.get() && held.remove(claim)) {
        claim.lost = true;
        leasesLost.incrementAndGet();
        log.warn("Lock backend '{}' lost the claim on '{}'; the run is told to stop", name, claim);
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The storage gets the claims of this backend in one {@link ClaimStorage#finishAll} call.
   */
  @Override
  public final void releaseAll(List<SlotLock> locks) {
    Objects.requireNonNull(locks, "locks");
    List<HeldClaim> releasing = new ArrayList<>(locks.size());
    List<SlotLock> foreign = new ArrayList<>();
    for (SlotLock lock : locks) {
      if (lock instanceof HeldClaim claim && claim.backend() == this) {
        if (claim.released.compareAndSet(false, true) && held.remove(claim)) {
          releasing.add(claim);
        }
      } else if (lock != null) {
        foreign.add(lock);
      }
    }
    try {
      finishHeld(releasing);
    } finally {
      if (!foreign.isEmpty()) {
        LockBackend.super.releaseAll(foreign);
      }
    }
  }

  private void release(HeldClaim claim) {
    if (!claim.released.compareAndSet(false, true)) {
      return;
    }
    if (!held.remove(claim)) {
      return; // lost, or the backend was closed
    }
    finishHeld(List.of(claim));
  }

  /** Finishes claims taken out of {@link #held}: their tombstones count from now. */
  private void finishHeld(List<HeldClaim> claims) {
    if (claims.isEmpty()) {
      return;
    }
    openLock.readLock().lock();
    try {
      if (!closed) {
        Instant now = clock.instant();
        List<StorageClaim> finishing = new ArrayList<>(claims.size());
        for (HeldClaim claim : claims) {
          finishing.add(new StorageClaim(claim.key, claim.owner, now.plus(claim.tombstone)));
        }
        storage.finishAll(finishing);
      }
    } catch (IOException | RuntimeException e) {
      String what =
          claims.size() == 1
              ? "'" + claims.get(0).key + "'"
              : claims.size() + " claims, the first '" + claims.get(0).key + "'";
      SchedulerException failure = failure("could not release " + what, e);
      log.warn("{}; the claim-time tombstones still apply", failure.getMessage(), e);
    } finally {
      openLock.readLock().unlock();
    }
  }

  private final class HeldClaim implements SlotLock {
    private final String key;
    private final String owner;
    private final Duration tombstone;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean lost;

    HeldClaim(String key, String owner, Duration tombstone) {
      this.key = key;
      this.owner = owner;
      this.tombstone = tombstone;
    }

    @Override
    public void release() {
      StorageLockBackend.this.release(this);
    }

    StorageLockBackend backend() {
      return StorageLockBackend.this;
    }

    @Override
    public boolean isLost() {
      return lost;
    }

    @Override
    public String toString() {
      return key + " (owner " + owner + ")";
    }
  }
}
