package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;

/**
 * SQLite: one file in this process, one writer at a time, WAL journal; rows written as a JDBC batch
 * of one statement per row.
 */
final class SqliteDialect implements Dialect {
  private static final Logger log = LoggerFactory.getLogger(SqliteDialect.class);
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_NOTADB = 26;

  @Override
  public String hibernateDialect() {
    return "org.hibernate.community.dialect.SQLiteDialect";
  }

  @Override
  public int[] databaseVersion() {
    return SqliteVersion.BUNDLED;
  }

  @Override
  public String describe(DatabaseTarget target) {
    return "SQLite database " + target.file();
  }

  @Override
  public void preloadDriver() {
    Thread preload =
        new Thread(
            () -> {
              try {
                SQLiteJDBCLoader.initialize(); // extracts and loads the native library
                new SQLiteConfig(); // its static set-up (date formats, locale data)
              } catch (Exception | LinkageError e) {
                // the pool's first connection meets the same failure and reports it
              }
            },
            "pipeline-scheduler-sqlite-preload");
    preload.setDaemon(true);
    preload.start();
  }

  @Override
  public void checkBeforeOpen(DatabaseTarget target) {
    SqliteFiles.check(target.file());
  }

  @Override
  public HikariDataSource openPool(DatabaseTarget target, SchedulerConfig config) {
    return ConnectionPools.sqlite(target);
  }

  @Override
  public ReentrantLock newWriteLock() {
    return new ReentrantLock(true);
  }

  @Override
  public boolean isBusy(Throwable error) {
    return hasCode(error, SQLITE_BUSY, SQLITE_LOCKED, "SQLITE_BUSY", "SQLITE_LOCKED");
  }

  @Override
  public String skipLocked() {
    return "";
  }

  @Override
  public boolean isDamage(Throwable error) {
    return hasCode(error, SQLITE_CORRUPT, SQLITE_NOTADB, "SQLITE_CORRUPT", "SQLITE_NOTADB");
  }

  /** Whether a cause has one of the two primary result codes, or names one in its message. */
  private static boolean hasCode(
      Throwable error, int code, int otherCode, String name, String otherName) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        int primary = sql.getErrorCode() & 0xff;
        if (primary == code || primary == otherCode) {
          return true;
        }
      }
      String message = t.getMessage();
      if (message != null && (message.contains(name) || message.contains(otherName))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void ping(Connection connection, Statement statement, int timeoutMillis)
      throws SQLException {
    // Reads the schema and a table's root page from the file, not just the connection.
    statement.execute("SELECT count(*) FROM ps_schema_version");
  }

  @Override
  public void lockSchema(Connection connection) {
    // one process creates the file's schema: the write transaction holds the file
  }

  @Override
  public boolean refusesForeignTables() {
    return true;
  }

  @Override
  public Map<String, List<String>> ownTables() {
    return Map.of("ps_schedule_changes", List.of("seq", "name", "changed_at"));
  }

  @Override
  public String tablesQuery() {
    return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'";
  }

  @Override
  public String runIndexesQuery() {
    return "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ps_runs'";
  }

  @Override
  public void afterSchema(StoreCalls calls, StoreProbe probe, DatabaseTarget target) {
    checkPages(calls, probe);
    // After the checks, so that a foreign database is refused untouched; kept in the file.
    String mode =
        calls.writeJdbc(
            "switching to the WAL journal",
            false,
            c -> SchemaManager.single(c, "PRAGMA journal_mode=WAL"));
    if (!"wal".equalsIgnoreCase(mode)) {
      log.warn("{}: journal mode is {}, not WAL; readers may wait for writers", target, mode);
    }
  }

  /**
   * Reads every page of the SQLite file once ({@code PRAGMA quick_check}): damaged pages are
   * reported (logged, and in health) at start rather than when a call first reads them. The store
   * still opens, so that the runs it can still read and write go on.
   */
  private static void checkPages(StoreCalls calls, StoreProbe probe) {
    List<String> problems;
    try {
      problems =
          calls.readJdbc(
              "checking the file's pages",
              connection -> {
                List<String> found = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("PRAGMA quick_check(5)")) {
                  while (rows.next()) {
                    found.add(rows.getString(1));
                  }
                }
                return found;
              });
    } catch (SchedulerException e) {
      if (probe.damage() != null) {
        return; // reported by the failed call itself
      }
      throw e;
    }
    if (!problems.equals(List.of("ok"))) {
      probe.damaged("PRAGMA quick_check found: " + String.join("; ", problems));
    }
  }

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
            + ") VALUES ("
            + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
            + ") "
            + onConflict;
    return Jdbc.batch(connection, sql, columns, items);
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
    List<Jdbc.Column<T>> columns = Jdbc.concat(set, keys);
    String sql =
        "UPDATE "
            + table
            + " AS t SET "
            + set.stream().map(c -> c.name() + " = ?").collect(Collectors.joining(", "))
            + " WHERE "
            + keys.stream().map(c -> "t." + c.name() + " = ?").collect(Collectors.joining(" AND "))
            + Jdbc.andCondition(condition);
    return Jdbc.batch(connection, sql, columns, items);
  }

  @Override
  public String databaseNowMicros() {
    // The file's machine clock, read once per statement, to the millisecond.
    return "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)";
  }

  @Override
  public String skipLockedRows() {
    return "";
  }
}
