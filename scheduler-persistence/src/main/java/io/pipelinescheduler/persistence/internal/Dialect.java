package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.SchedulerConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything the store does differently on SQLite and on PostgreSQL, in one place: the store's
 * classes ask their {@link DatabaseKind#dialect()} and never which database they are on. Chosen
 * once, from the configuration's URL, by {@link DatabaseTarget#of}. Implementations are stateless
 * and thread-safe.
 */
interface Dialect {
  /** The Hibernate dialect class, or null where Hibernate picks it from the connection. */
  String hibernateDialect();

  /**
   * The database's version as {@code {major, minor}}, told to Hibernate so that it boots without
   * asking the database (and without a connection), or null where Hibernate asks.
   */
  int[] databaseVersion();

  /** What to call the database in messages: the SQLite file, or the masked URL. */
  String describe(DatabaseTarget target);

  /**
   * Starts loading, on a daemon thread, what the first connection will need (a driver's native
   * library, its static set-up), so that it overlaps the file checks that come first; the pool then
   * finds it ready or waits for it. Nothing by default.
   */
  default void preloadDriver() {}

  /**
   * Checks what can be checked before the first connection (a SQLite file's header and rights).
   *
   * @throws io.pipelinescheduler.SchedulerException naming the database when it cannot be used
   */
  void checkBeforeOpen(DatabaseTarget target);

  /** A new connection pool on the target. */
  HikariDataSource openPool(DatabaseTarget target, SchedulerConfig config);

  /**
   * The lock that writes of one store take in turn (fair), or null where the database lets writers
   * run side by side.
   */
  ReentrantLock newWriteLock();

  /**
   * Whether this failure says another writer held the database, or the transaction lost to a
   * concurrent one (a deadlock, a serialization failure) and was rolled back, so the whole call may
   * be tried again.
   */
  boolean isBusy(Throwable error);

  /**
   * What ends a sub-query that locks the rows it selects and leaves out those another transaction
   * has locked ({@code FOR UPDATE SKIP LOCKED}), or "" where writers do not lock rows (SQLite: one
   * writer at a time).
   */
  String skipLocked();

  /** Whether this failure says the database file is damaged. */
  boolean isDamage(Throwable error);

  /**
   * Runs the cheap health query on a connection, the statement's query timeout already set to
   * {@code timeoutMillis}.
   */
  void ping(Connection connection, Statement statement, int timeoutMillis) throws SQLException;

  /**
   * Serializes schema creation across processes, inside the caller's transaction; may do nothing.
   */
  void lockSchema(Connection connection) throws SQLException;

  /**
   * Whether tables of another application in the database (or schema) mean it is not ours: true for
   * a SQLite file, which holds one application's tables; false for a server schema.
   */
  boolean refusesForeignTables();

  /** The query listing the names of the tables of the database (or its current schema). */
  String tablesQuery();

  /** Tables of this database's schema only, with their columns (beside {@code COLUMNS}). */
  default Map<String, List<String>> ownTables() {
    return Map.of();
  }

  /** The query listing the names of the indexes on {@code ps_runs}. */
  String runIndexesQuery();

  /**
   * Work after the schema was created or checked, e.g. SQLite's page check and WAL journal; may do
   * nothing.
   */
  void afterSchema(StoreCalls calls, StoreProbe probe, DatabaseTarget target);

  /**
   * Inserts one row per item, skipping those that conflict with a row already there; for each item,
   * in order, whether its row was inserted.
   *
   * @param columns the columns written; the first one tells the items apart
   * @param onConflict e.g. {@code ON CONFLICT (a, b) DO NOTHING}
   */
  <T> List<Boolean> insert(
      Connection connection,
      String table,
      List<Jdbc.Column<T>> columns,
      String onConflict,
      List<T> items)
      throws SQLException;

  /**
   * Updates the row of each item, found by the {@code keys} columns each equal to the item's value
   * (the first is the key; none of them among {@code set}), where {@code condition} (on the table's
   * columns, e.g. {@code status = 'RUNNING'}, or null) holds; for each item, in order, whether a
   * row was updated.
   */
  <T> List<Boolean> update(
      Connection connection,
      String table,
      List<Jdbc.Column<T>> set,
      List<Jdbc.Column<T>> keys,
      String condition,
      List<T> items)
      throws SQLException;

  /**
   * An SQL expression for the database server's own time in microseconds since the epoch, which
   * every instance sharing the database agrees on (the {@code database} lock backend's leases).
   */
  String databaseNowMicros();

  /**
   * What ends a sub-select of rows about to be deleted so that rows other transactions hold are
   * skipped rather than waited for (PostgreSQL {@code FOR UPDATE SKIP LOCKED}); nothing where
   * writers take turns anyway.
   */
  String skipLockedRows();
}
