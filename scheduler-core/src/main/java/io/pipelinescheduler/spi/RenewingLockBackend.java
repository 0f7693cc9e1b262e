package io.pipelinescheduler.spi;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the claims of a {@link StorageLockBackend} alive, for storage that forgets a claim unless
 * it is renewed (a Redis key with an expiry): every {@code interval}, each held claim is renewed to
 * now plus its tombstone through {@link ClaimStorage#renew}. A claim the storage refuses or fails
 * to renew is marked lost ({@link SlotLock#isLost()}), counted as {@code leasesLost} and no longer
 * finished at release; its run sees {@code JobContext.isCancelled()}. Like ShedLock's {@code
 * KeepAliveLockProvider}, it decorates the backend that does the claiming.
 *
 * <p>Renewal runs on one daemon thread, {@code pipeline-scheduler-lock-renewal-<name>}, started by
 * the first claim and stopped by {@link #close()}, which then closes the wrapped backend.
 * Thread-safe. A backend may subclass it only to add accessors of its own; every {@link
 * LockBackend} method is final.
 */
public class RenewingLockBackend implements LockBackend {
  private final StorageLockBackend backend;
  private final Duration interval;
  private ScheduledExecutorService renewer; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Renews the claims of {@code backend} every {@code interval}.
   *
   * @param backend the backend that claims; closed with this one
   * @param interval how often held claims are renewed: more than zero and less than {@link
   *     StorageLockBackend#MINIMUM_TOMBSTONE}, so that a claim is renewed before it can expire
   * @throws IllegalArgumentException when the interval is out of that range
   * @throws NullPointerException if an argument is null
   */
  public RenewingLockBackend(StorageLockBackend backend, Duration interval) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (!isValidInterval(interval)) {
      throw new IllegalArgumentException(
          "renewal interval must be more than zero and less than "
              + StorageLockBackend.MINIMUM_TOMBSTONE
              + ", was "
              + interval);
    }
  }

  /**
   * Whether claims can be renewed this often: more than zero and less than {@link
   * StorageLockBackend#MINIMUM_TOMBSTONE}. For a backend that checks its settings before it
   * connects.
   */
  public static boolean isValidInterval(Duration interval) {
    return interval.compareTo(Duration.ZERO) > 0
        && interval.compareTo(StorageLockBackend.MINIMUM_TOMBSTONE) < 0;
  }

  /** How often held claims are renewed. */
  public final Duration renewalInterval() {
    return interval;
  }

  @Override
  public final String name() {
    return backend.name();
  }

  /** {@inheritDoc} Starts the renewal thread if it is not running yet. */
  @Override
  public final Optional<SlotLock> tryClaim(SlotClaim claim) {
    Optional<SlotLock> won = backend.tryClaim(claim);
    startRenewal();
    return won;
  }

  /** {@inheritDoc} Starts the renewal thread if it is not running yet. */
  @Override
  public final List<Optional<SlotLock>> tryClaimAll(List<SlotClaim> claims) {
    List<Optional<SlotLock>> won = backend.tryClaimAll(claims);
    startRenewal();
    return won;
  }

  @Override
  public final void releaseAll(List<SlotLock> locks) {
    backend.releaseAll(locks);
  }

  @Override
  public final Map<String, Object> healthDetails() {
    return backend.healthDetails();
  }

  /** Stops renewal, then closes the wrapped backend (see {@link StorageLockBackend#close()}). */
  @Override
  public final void close() {
    synchronized (this) {
      closed = true;
      if (renewer != null) {
        renewer.shutdownNow();
      }
    }
    backend.close();
  }

  private synchronized void startRenewal() {
    if (renewer != null || closed) {
      return;
    }
    String thread = "pipeline-scheduler-lock-renewal-" + backend.name();
    renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, thread);
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    renewer.scheduleWithFixedDelay(backend::renewHeld, millis, millis, TimeUnit.MILLISECONDS);
  }
}
