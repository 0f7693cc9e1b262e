package io.pipelinescheduler.persistence;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.persistence.internal.ClaimTable;
import io.pipelinescheduler.spi.RenewingLockBackend;
import io.pipelinescheduler.spi.StorageLockBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code database} lock backend: instances on any number of machines that share the store's
 * database (PostgreSQL, or a SQLite file on one machine) claim each slot through it, with no other
 * server. Selected by {@code lockBackend("database")} or {@code SCHEDULER_LOCK_BACKEND=database}
 * with {@code distributed(true)}; {@link DatabaseLockBackendProvider} opens it on the scheduler's
 * {@link JpaScheduleStore}, sharing its connection pool.
 *
 * <p>A claim is a row of {@code ps_claims} keyed {@code <schedule>|<slot epoch ms>|<attempt>},
 * written by one {@code INSERT … ON CONFLICT DO UPDATE … WHERE} statement: stored only if the key
 * has no row, or a finished one whose tombstone expired by the claimant's clock, or one whose lease
 * ran out by the database's clock. The tombstone lasts {@code max(period, 5 min)} (see {@link
 * StorageLockBackend#MINIMUM_TOMBSTONE}), counted again from the release when the run ends, so an
 * instance whose clock is behind cannot run the slot again. While the run runs, its claim's lease
 * is renewed every {@link #DEFAULT_RENEWAL_INTERVAL 30 s}; if the holder dies, its claim blocks the
 * slot until the lease runs out by the database's clock (a tombstone's length): at most once per
 * slot. A renewal that fails (database unreachable) marks the claim lost, which the run sees as
 * {@code JobContext.isCancelled()}.
 *
 * <p>The claims of one {@link #tryClaimAll} call are one transaction and one JDBC batch; so are
 * releases. Rows whose lease ran out are deleted in batches of 500, at most once a minute.
 *
 * <p>It is a {@link StorageLockBackend} on {@code ps_claims} wrapped in a {@link
 * RenewingLockBackend}. Operations fail with a {@link SchedulerException} naming the backend and
 * the database while the database cannot be reached; the pool reconnects by itself. Closing it
 * leaves the store open. Thread-safe.
 */
public final class DatabaseLockBackend extends RenewingLockBackend {
  /** The name users select it by: {@value}. */
  public static final String NAME = "database";

  /** How often a running claim's lease is renewed by default: 30 seconds. */
  public static final Duration DEFAULT_RENEWAL_INTERVAL = Duration.ofSeconds(30);

  private final ClaimTable claims;

  /**
   * A backend on the store's database, with the default renewal interval. For {@code
   * SchedulerConfig.builder().distributed(true).lockBackend(new DatabaseLockBackend(store,
   * clock))}; the scheduler closes it, the caller the store.
   *
   * @param store the open store whose database holds the claims
   * @param clock wall time for tombstones; use the scheduler's clock
   * @throws NullPointerException if an argument is null
   */
  public DatabaseLockBackend(JpaScheduleStore store, Clock clock) {
    this(store, clock, DEFAULT_RENEWAL_INTERVAL);
  }

  /**
   * A backend on the store's database with this renewal interval.
   *
   * @param renewalInterval how often running claims are renewed: more than zero and less than
   *     {@link StorageLockBackend#MINIMUM_TOMBSTONE}
   * @throws IllegalArgumentException when the interval is out of that range
   * @throws NullPointerException if an argument is null
   */
  public DatabaseLockBackend(JpaScheduleStore store, Clock clock, Duration renewalInterval) {
    this(
        Objects.requireNonNull(store, "store").parts().claims(Objects.requireNonNull(clock)),
        clock,
        renewalInterval);
  }

  private DatabaseLockBackend(ClaimTable claims, Clock clock, Duration renewalInterval) {
    super(new StorageLockBackend(NAME, clock, claims), renewalInterval);
    this.claims = claims;
  }

  /** Deletes up to 500 claims whose lease ran out now; returns how many. For tests. */
  int sweepExpired() {
    return claims.sweep();
  }
}
