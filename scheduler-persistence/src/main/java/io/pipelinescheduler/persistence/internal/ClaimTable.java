package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.ClaimStorage;
import io.pipelinescheduler.spi.StorageClaim;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage of the {@code database} lock backend: {@code ps_claims} in the store's own database,
 * one row per slot key, through the store's connection pool and its {@link StoreCalls} (SQLite
 * writers take turns with the store's, busy files are waited for, failures name the database).
 *
 * <p>A row holds the owner, whether the claim is running, {@code expires_at} (when the claim stops
 * blocking the slot by the claimant's clock: a finished claim's tombstone) and {@code lease_until}
 * (the same moment by the database's clock, {@link Dialect#databaseNowMicros()}). A slot is free
 * when it has no row, when its row is finished and expired by the claimant's clock, or when its
 * lease ran out by the database's clock: a running claim is renewed (its lease pushed forward)
 * while its run lives, so only the claim of a holder that died runs out, whatever the claimants'
 * clocks say. Each claim is one {@code INSERT … ON CONFLICT (claim_key) DO UPDATE … WHERE <free>}
 * statement, atomic on both databases: of concurrent claimants exactly one changes the row.
 *
 * <p>A batch of claims or finishes is one transaction and one JDBC batch (one round trip), its rows
 * written in key order so that two instances claiming overlapping batches on PostgreSQL cannot
 * deadlock. At most once a minute (by the claimants' clock), a claim also deletes up to {@value
 * #SWEEP_BATCH} rows whose lease ran out.
 *
 * <p>Thread-safe. Every operation throws {@link IOException} naming the database while it cannot be
 * reached, so that the backend's message names the backend, the key and the database.
 */
public final class ClaimTable implements ClaimStorage {
  /** The most rows one sweep deletes. */
  static final int SWEEP_BATCH = 500;

  /** How often, at most, claims sweep rows whose lease ran out. */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(ClaimTable.class);

  private final StoreCalls calls;
  private final Clock clock;
  private final String database;
  private final String claim;
  private final String renew;
  private final String finish;
  private final String sweep;
  private final AtomicLong nextSweepMillis;

  ClaimTable(StoreCalls calls, Dialect dialect, DatabaseTarget target, Clock clock) {
    this.calls = calls;
    this.clock = clock;
    this.database = target.describe();
    String now = dialect.databaseNowMicros();
    this.claim =
        "INSERT INTO ps_claims (claim_key, owner, running, expires_at, lease_until)"
            + " VALUES (?, ?, TRUE, ?, "
            + now
            + " + ?)"
            + " ON CONFLICT (claim_key) DO UPDATE SET owner = excluded.owner, running = TRUE,"
            + " expires_at = excluded.expires_at, lease_until = excluded.lease_until"
            + " WHERE (NOT ps_claims.running AND ps_claims.expires_at <= ?)"
            + " OR ps_claims.lease_until <= "
            + now;
    this.renew =
        "UPDATE ps_claims SET expires_at = ?, lease_until = "
            + now
            + " + ? WHERE claim_key = ? AND owner = ? AND running";
    this.finish =
        "UPDATE ps_claims SET running = FALSE, expires_at = ?, lease_until = "
            + now
            + " + ? WHERE claim_key = ? AND owner = ? AND running";
    this.sweep =
        "DELETE FROM ps_claims WHERE claim_key IN (SELECT claim_key FROM ps_claims"
            + " WHERE lease_until <= "
            + now
            + " ORDER BY lease_until LIMIT "
            + SWEEP_BATCH
            + dialect.skipLockedRows()
            + ")";
    this.nextSweepMillis = new AtomicLong(clock.millis() + SWEEP_INTERVAL.toMillis());
  }

  @Override
  public boolean insertIfAbsentOrExpired(
      String key, String owner, Instant now, Instant tombstoneUntil) throws IOException {
    boolean[] won =
        insertAllIfAbsentOrExpired(List.of(new StorageClaim(key, owner, tombstoneUntil)), now);
    return won[0];
  }

  /** {@inheritDoc} One transaction, one JDBC batch, rows in key order. */
  @Override
  public boolean[] insertAllIfAbsentOrExpired(List<StorageClaim> claims, Instant now)
      throws IOException {
    List<Integer> order = keyOrder(claims);
    long nowMicros = Micros.of(now);
    int[] counts =
        batch(
            "claiming " + keys(claims),
            claim,
            order.size(),
            (statement, i) -> {
              StorageClaim c = claims.get(order.get(i));
              statement.setString(1, c.key());
              statement.setString(2, c.owner());
              statement.setLong(3, Micros.of(c.tombstoneUntil()));
              statement.setLong(4, leaseMicros(now, c.tombstoneUntil()));
              statement.setLong(5, nowMicros);
            });
    boolean[] won = new boolean[claims.size()];
    for (int i = 0; i < order.size(); i++) {
      won[order.get(i)] = counts[i] != 0;
    }
    sweepNowAndThen();
    return won;
  }

  @Override
  public boolean renew(String key, String owner, Instant tombstoneUntil) throws IOException {
    Instant now = clock.instant();
    int[] counts =
        batch(
            "renewing '" + key + "'",
            renew,
            1,
            (statement, i) -> {
              statement.setLong(1, Micros.of(tombstoneUntil));
              statement.setLong(2, leaseMicros(now, tombstoneUntil));
              statement.setString(3, key);
              statement.setString(4, owner);
            });
    return counts[0] != 0;
  }

  @Override
  public void finish(String key, String owner, Instant tombstoneUntil) throws IOException {
    finishAll(List.of(new StorageClaim(key, owner, tombstoneUntil)));
  }

  /** {@inheritDoc} One transaction, one JDBC batch, rows in key order. */
  @Override
  public void finishAll(List<StorageClaim> claims) throws IOException {
    List<Integer> order = keyOrder(claims);
    Instant now = clock.instant();
    batch(
        "finishing " + keys(claims),
        finish,
        order.size(),
        (statement, i) -> {
          StorageClaim c = claims.get(order.get(i));
          statement.setLong(1, Micros.of(c.tombstoneUntil()));
          statement.setLong(2, leaseMicros(now, c.tombstoneUntil()));
          statement.setString(3, c.key());
          statement.setString(4, c.owner());
        });
  }

  /**
   * Deletes up to {@value #SWEEP_BATCH} rows whose lease ran out by the database's clock; returns
   * how many.
   *
   * @throws SchedulerException naming the database when it cannot be reached
   */
  public int sweep() {
    return calls.writeJdbc(
        "deleting expired claims",
        false,
        connection -> {
          try (PreparedStatement statement = connection.prepareStatement(sweep)) {
            return statement.executeUpdate();
          }
        });
  }

  /** Sweeps when the last sweep is {@link #SWEEP_INTERVAL} ago; one caller at a time. */
  private void sweepNowAndThen() {
    long due = nextSweepMillis.get();
    long nowMillis = clock.millis();
    if (nowMillis < due
        || !nextSweepMillis.compareAndSet(due, nowMillis + SWEEP_INTERVAL.toMillis())) {
      return;
    }
    try {
      int deleted = sweep();
      log.debug("deleted {} expired claims from ps_claims", deleted);
    } catch (RuntimeException e) {
      // The claims are made; the rows are deleted at a later sweep.
      log.debug("could not delete expired claims from ps_claims: {}", e.getMessage());
    }
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("database", database, "table", "ps_claims");
  }

  /** Sets the parameters of the {@code i}-th statement of a batch. */
  @FunctionalInterface
  private interface Parameters {
    void set(PreparedStatement statement, int i) throws SQLException;
  }

  /** Runs {@code count} statements as one JDBC batch in one transaction; their row counts. */
  private int[] batch(String operation, String sql, int count, Parameters parameters)
      throws IOException {
    try {
      return calls.writeJdbc(
          operation, count > 1, connection -> executeBatch(connection, sql, count, parameters));
    } catch (SchedulerException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static int[] executeBatch(Connection connection, String sql, int count, Parameters p)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (count == 1) {
        p.set(statement, 0);
        return new int[] {statement.executeUpdate()};
      }
      for (int i = 0; i < count; i++) {
        p.set(statement, i);
        statement.addBatch();
      }
      return statement.executeBatch();
    }
  }

  /** The claims' indexes sorted by key: the order rows are locked in. */
  private static List<Integer> keyOrder(List<StorageClaim> claims) {
    List<Integer> order = new ArrayList<>(claims.size());
    for (int i = 0; i < claims.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> claims.get(i).key()));
    return order;
  }

  /** How long the lease lasts by the database's clock: until the tombstone's end, from now. */
  private static long leaseMicros(Instant now, Instant tombstoneUntil) {
    return Math.max(0, Micros.of(Duration.between(now, tombstoneUntil)));
  }

  private static String keys(List<StorageClaim> claims) {
    return claims.size() == 1
        ? "'" + claims.get(0).key() + "'"
        : claims.size() + " slots, the first '" + claims.get(0).key() + "'";
  }
}
