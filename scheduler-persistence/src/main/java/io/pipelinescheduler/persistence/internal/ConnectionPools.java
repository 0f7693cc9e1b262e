package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** HikariCP pools for the two databases, with timeouts of a few seconds. */
final class ConnectionPools {
  /** How long a SQLite statement waits for another writer (busy_timeout). */
  static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(5);

  /** Connections of a SQLite pool: readers run side by side in WAL mode; writers take turns. */
  static final int SQLITE_POOL_SIZE = 4;

  /** How long a caller waits for a pooled connection (or a new one to a server) before failing. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Connections of a PostgreSQL pool opened with it and kept open: what start() uses at once (the
   * connection that listens for changes, the claims writer, the slots writer, the run records).
   */
  static final int POSTGRESQL_CONNECTIONS_AT_START = 4;

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionPools.class);

  private static final AtomicInteger POOLS = new AtomicInteger();

  private ConnectionPools() {}

  /** A pool on a SQLite file (created when the first connection opens it). */
  static HikariDataSource sqlite(DatabaseTarget target) {
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setBusyTimeout((int) SQLITE_BUSY_TIMEOUT.toMillis());
    // Durable at every checkpoint and safe from corruption in WAL mode, without an fsync per
    // commit.
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    SQLiteDataSource dataSource = new SQLiteDataSource(sqlite);
    dataSource.setUrl(target.jdbcUrl());

    HikariConfig config = common(target);
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(SQLITE_POOL_SIZE);
    config.setMinimumIdle(1);
    // Waiting for a connection only waits for other threads of this process.
    config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
    // A connection whose transaction SQLite rolled back by itself (full disk, I/O error) is
    // replaced rather than returned to the pool.
    config.setExceptionOverride(new SqliteBrokenConnections());
    return new HikariDataSource(config);
  }

  /** A pool on a PostgreSQL server; fails within a few seconds when the server is unreachable. */
  static HikariDataSource postgresql(DatabaseTarget target, int poolSize) {
    HikariConfig config = common(target);
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(target.jdbcUrl());
    config.setUsername(target.user());
    config.setPassword(target.password());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(poolSize, POSTGRESQL_CONNECTIONS_AT_START));
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    // Driver settings; the same ones given in the URL win.
    config.addDataSourceProperty("connectTimeout", "5");
    config.addDataSourceProperty("loginTimeout", "5");
    config.addDataSourceProperty("socketTimeout", "60");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "pipeline-scheduler");
    HikariDataSource pool = new HikariDataSource(config);
    open(pool, config.getMinimumIdle());
    return pool;
  }

  /**
   * Opens {@code connections} connections of {@code pool} now, so that the first calls after
   * start() do not wait while the pool opens them one at a time. The pool keeps them open (they are
   * within its minimum idle). A failure here is left for the first call to meet.
   */
  private static void open(HikariDataSource pool, int connections) {
    List<Connection> opened = new ArrayList<>(connections);
    try {
      while (opened.size() < connections) {
        opened.add(pool.getConnection());
      }
    } catch (SQLException e) {
      LOG.debug("Could not open {} connection(s) ahead in {}", connections, pool.getPoolName(), e);
    } finally {
      for (Connection connection : opened) {
        try {
          connection.close();
        } catch (SQLException e) {
          LOG.debug("Could not return a connection to {}", pool.getPoolName(), e);
        }
      }
    }
  }

  private static HikariConfig common(DatabaseTarget target) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("pipeline-scheduler-" + target.kind().id() + "-" + POOLS.incrementAndGet());
    config.setValidationTimeout(Duration.ofSeconds(3).toMillis());
    config.setAutoCommit(true);
    return config;
  }

  /** The pool's state for health details (an application's pool of another kind: its class). */
  static Map<String, Object> stats(DataSource dataSource) {
    Map<String, Object> stats = new LinkedHashMap<>();
    if (!(dataSource instanceof HikariDataSource pool)) {
      stats.put("class", dataSource.getClass().getName());
      return stats;
    }
    stats.put("name", pool.getPoolName());
    stats.put("maximumSize", pool.getMaximumPoolSize());
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean != null) {
      stats.put("active", bean.getActiveConnections());
      stats.put("idle", bean.getIdleConnections());
      stats.put("total", bean.getTotalConnections());
      stats.put("waiting", bean.getThreadsAwaitingConnection());
    }
    stats.put("closed", pool.isClosed());
    return stats;
  }
}
