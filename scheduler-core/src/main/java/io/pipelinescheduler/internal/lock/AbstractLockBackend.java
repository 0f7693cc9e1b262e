package io.pipelinescheduler.internal.lock;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared logic of every lock backend: key building, tombstone sizing, claim bookkeeping, lease
 * renewal, counts for health details and closing. A backend implements only its storage operations:
 * {@link #insertIfAbsentOrExpired}, {@link #finish} and, for storage that forgets a claim unless it
 * is renewed (Redis), {@link #renew} with {@link #renewalInterval()}.
 *
 * <p>A claim's tombstone lasts {@code max(claim.tombstone(), MINIMUM_TOMBSTONE)}: it is written as
 * {@code now + tombstone} when the claim is won, and again, counted from the release, when the run
 * ends. Times come from the {@link Clock} given to the constructor (wall time).
 *
 * <p>Thread-safe: {@link #tryClaim}, {@link SlotLock#release()} and {@link #close()} may be called
 * from any thread. Storage operations are called concurrently and must be atomic on their own, also
 * across processes when the backend is shared. This class records no metrics; counts are exposed
 * through {@link #healthDetails()}.
 */
public abstract class AbstractLockBackend implements LockBackend {
  /** The shortest tombstone any claim gets, whatever it asks for: five minutes. */
  public static final Duration MINIMUM_TOMBSTONE = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(AbstractLockBackend.class);

  private final String name;
  private final Clock clock;
  private final Set<HeldClaim> held = ConcurrentHashMap.newKeySet();
  private final AtomicLong claimsWon = new AtomicLong();
  private final AtomicLong claimsLost = new AtomicLong();
  private final AtomicLong leasesLost = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final ReadWriteLock openLock = new ReentrantReadWriteLock();
  private volatile String lastError;
  private boolean closed; // guarded by openLock
  private ScheduledExecutorService renewer; // guarded by this

  /**
   * A backend with the given name reading wall time from the clock.
   *
   * @param name the name users select it by, e.g. {@code file}
   * @param clock wall time for every expiry decision
   */
  protected AbstractLockBackend(String name, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

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
  protected abstract boolean insertIfAbsentOrExpired(
      String key, String owner, Instant now, Instant tombstoneUntil) throws IOException;

  /**
   * One claim as the storage sees it.
   *
   * @param key the slot key from {@link #key(SlotClaim)}
   * @param owner the instance claiming
   * @param tombstoneUntil when the claim stops blocking the slot if it is never renewed or finished
   *     (in {@link #finishAll}: when the finished claim's tombstone ends)
   */
  protected record StorageClaim(String key, String owner, Instant tombstoneUntil) {}

  /**
   * {@link #insertIfAbsentOrExpired} for several claims at once, with one result per claim in
   * order. A backend behind a network overrides it to send them in one round trip; the default
   * calls {@link #insertIfAbsentOrExpired} for each. On an exception the claims already stored stay
   * until their tombstones expire, as a single claim whose reply was lost does: such a slot may be
   * skipped, never run twice.
   *
   * @param claims the claims, with distinct keys
   * @param now the current wall time
   * @return for each claim, whether this caller won its slot
   * @throws IOException or an unchecked exception when the storage cannot be reached
   */
  protected boolean[] insertAllIfAbsentOrExpired(List<StorageClaim> claims, Instant now)
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
  protected abstract void finish(String key, String owner, Instant tombstoneUntil)
      throws IOException;

  /**
   * Marks several claims this backend won as finished, as {@link #finish} does for each. A backend
   * behind a network overrides it to send them in one round trip; the default calls {@link #finish}
   * for each.
   *
   * @param claims the claims to finish: key, owner and the tombstone's end
   * @throws IOException or an unchecked exception when the storage cannot be reached; the claims'
   *     earlier tombstones then still apply
   */
  protected void finishAll(List<StorageClaim> claims) throws IOException {
    for (StorageClaim claim : claims) {
      finish(claim.key(), claim.owner(), claim.tombstoneUntil());
    }
  }

  /**
   * Extends a running claim's expiry to {@code tombstoneUntil}. Called every {@link
   * #renewalInterval()} for each held claim when that interval is positive. The default returns
   * true: storage that keeps a claim for as long as its holder lives needs no renewal.
   *
   * @return false when {@code owner} no longer holds the claim; the run is then told it is lost
   * @throws IOException or an unchecked exception when the storage cannot be reached; this also
   *     counts as a lost claim
   */
  protected boolean renew(String key, String owner, Instant tombstoneUntil) throws IOException {
    return true;
  }

  /**
   * How often held claims are renewed; {@link Duration#ZERO} (the default) for no renewal. A
   * backend that renews must return less than {@link #MINIMUM_TOMBSTONE}.
   */
  protected Duration renewalInterval() {
    return Duration.ZERO;
  }

  /** Backend-specific entries for {@link #healthDetails()}; empty by default. */
  protected Map<String, Object> storageDetails() {
    return Map.of();
  }

  /** Releases the backend's files or connections; called once by {@link #close()}. */
  protected void closeStorage() {}

  /** The storage key of a claim: {@link SlotClaim#key()} by default. */
  protected String key(SlotClaim claim) {
    return claim.key();
  }

  /** The wall clock this backend decides expiry with. */
  protected final Clock clock() {
    return clock;
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
   * <p>The storage gets the claims in one {@link #insertAllIfAbsentOrExpired} call.
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
    List<StorageClaim> storage = new ArrayList<>(claims.size());
    List<Duration> tombstones = new ArrayList<>(claims.size());
    openLock.readLock().lock();
    try {
      String firstKey = key(claims.get(0));
      if (closed) {
        throw new SchedulerException(
            "lock backend '" + name + "' is closed; cannot claim '" + firstKey + "'");
      }
      Instant now = clock.instant();
      for (SlotClaim claim : claims) {
        Duration tombstone = effectiveTombstone(claim.tombstone());
        tombstones.add(tombstone);
        storage.add(new StorageClaim(key(claim), claim.owner(), now.plus(tombstone)));
      }
      boolean[] won;
      try {
        won = insertAllIfAbsentOrExpired(storage, now);
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
            new HeldClaim(storage.get(i).key(), storage.get(i).owner(), tombstones.get(i));
        held.add(lock);
        results.add(Optional.of(lock));
      }
      startRenewalIfNeeded();
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
    details.putAll(storageDetails());
    return Map.copyOf(details);
  }

  /**
   * Stops renewal and closes the storage. Claims still held are not finished: their tombstones stay
   * until they expire, as if this instance had died. Later claims are refused; later releases do
   * nothing. Idempotent.
   */
  @Override
  public final void close() {
    openLock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      synchronized (this) {
        if (renewer != null) {
          renewer.shutdownNow();
        }
      }
      held.clear();
      closeStorage();
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

  private synchronized void startRenewalIfNeeded() {
    Duration interval = renewalInterval();
    if (renewer != null || interval.isZero() || interval.isNegative()) {
      return;
    }
    renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pipeline-scheduler-lock-renewal-" + name);
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    renewer.scheduleWithFixedDelay(this::renewAll, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void renewAll() {
    for (HeldClaim claim : held) {
      boolean renewed;
      try {
        renewed = renew(claim.key, claim.owner, clock.instant().plus(claim.tombstone));
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
   * <p>The storage gets the claims of this backend in one {@link #finishAll} call.
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
        finishAll(finishing);
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
      AbstractLockBackend.this.release(this);
    }

    AbstractLockBackend backend() {
      return AbstractLockBackend.this;
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
