package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.SchedulerConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * PostgreSQL: a server reached by JDBC URL, pooled, writers side by side; many rows written by one
 * statement whose values come as one array per column ({@code unnest}), so that a thousand rows
 * cost one statement, not a thousand.
 */
final class PostgresDialect implements Dialect {
  /** The advisory lock taken while the schema is created: "psSCHEMA" in ASCII. */
  private static final long SCHEMA_LOCK_KEY = 0x7073_5343_4845_4d41L;

  /** deadlock_detected and serialization_failure: the transaction was rolled back; try again. */
  private static final Set<String> TRY_AGAIN_STATES = Set.of("40P01", "40001");

  @Override
  public int[] databaseVersion() {
    return null;
  }

  @Override
  public String hibernateDialect() {
    return null;
  }

  @Override
  public String describe(DatabaseTarget target) {
    return "PostgreSQL database " + target.maskedUrl();
  }

  @Override
  public void checkBeforeOpen(DatabaseTarget target) {}

  @Override
  public HikariDataSource openPool(DatabaseTarget target, SchedulerConfig config) {
    // One more for the connection that LISTENs for schedule changes (PostgresNotifications).
    return ConnectionPools.postgresql(
        target, Math.max(2, Math.min(10, config.maxConcurrentRuns())) + 1);
  }

  @Override
  public ReentrantLock newWriteLock() {
    return null;
  }

  @Override
  public boolean isBusy(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && TRY_AGAIN_STATES.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String skipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public boolean isDamage(Throwable error) {
    return false;
  }

  @Override
  public void ping(Connection connection, Statement statement, int timeoutMillis)
      throws SQLException {
    // A dead or hung server must not hold the caller for the 60 s socket timeout.
    connection.setNetworkTimeout(Runnable::run, timeoutMillis);
    statement.execute("SELECT 1");
  }

  @Override
  public void lockSchema(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, SCHEMA_LOCK_KEY);
      lock.execute();
    }
  }

  @Override
  public boolean refusesForeignTables() {
    return false;
  }

  @Override
  public String tablesQuery() {
    return "SELECT table_name FROM information_schema.tables"
        + " WHERE table_schema = current_schema()";
  }

  @Override
  public String runIndexesQuery() {
    return "SELECT indexname FROM pg_indexes"
        + " WHERE schemaname = current_schema() AND tablename = 'ps_runs'";
  }

  @Override
  public void afterSchema(StoreCalls calls, StoreProbe probe, DatabaseTarget target) {}

  @Override
  public <T> List<Boolean> insert(
      Connection connection,
      String table,
      List<Jdbc.Column<T>> columns,
      String onConflict,
      List<T> items)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + table
            + " ("
            + Jdbc.names(columns)
            + ") SELECT * FROM "
            + unnest(columns, "u")
            + " "
            + onConflict
            + " RETURNING "
            + columns.get(0).name();
    return Jdbc.returned(connection, sql, columns, columns.get(0), items);
  }

  @Override
  public <T> List<Boolean> update(
      Connection connection,
      String table,
      List<Jdbc.Column<T>> set,
      List<Jdbc.Column<T>> keys,
      String condition,
      List<T> items)
      throws SQLException {
    Jdbc.Column<T> key = keys.get(0);
    List<Jdbc.Column<T>> columns = Jdbc.concat(set, keys);
    String sql =
        "UPDATE "
            + table
            + " AS t SET "
            + set.stream().map(c -> c.name() + " = u." + c.name()).collect(Collectors.joining(", "))
            + " FROM "
            + unnest(columns, "u")
            + " WHERE "
            + keys.stream()
                .map(c -> "t." + c.name() + " = u." + c.name())
                .collect(Collectors.joining(" AND "))
            + Jdbc.andCondition(condition)
            + " RETURNING t."
            + key.name();
    return Jdbc.returned(connection, sql, columns, key, items);
  }

  /** {@code unnest(?::type[], …) AS alias (columns)}: one array parameter per column. */
  static <T> String unnest(List<Jdbc.Column<T>> columns, String alias) {
    return "unnest("
        + columns.stream().map(c -> "?::" + c.pgType() + "[]").collect(Collectors.joining(", "))
        + ") AS "
        + alias
        + " ("
        + Jdbc.names(columns)
        + ")";
  }

  @Override
  public String databaseNowMicros() {
    // now() is the transaction's start: the same for every claim of one batch.
    return "CAST(EXTRACT(EPOCH FROM now()) * 1000000 AS BIGINT)";
  }

  @Override
  public String skipLockedRows() {
    return " FOR UPDATE SKIP LOCKED";
  }
}
