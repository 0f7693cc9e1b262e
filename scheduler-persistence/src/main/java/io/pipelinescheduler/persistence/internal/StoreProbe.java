package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.pipelinescheduler.SchedulerException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the database can serve calls now: a cheap query bounded in time, and whether the SQLite
 * file was found damaged (by {@code PRAGMA quick_check} at start or by any call that met {@code
 * SQLITE_CORRUPT}). Damage is kept until the store is closed: SQLite does not repair a file, and a
 * damaged page fails every call that reads it. Thread-safe.
 */
public final class StoreProbe {
  /** How long a probe waits for a connection and for its query, each. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(StoreProbe.class);

  private final DatabaseTarget target;
  private final DataSource pool;
  private final Clock clock;
  private String damage;
  private Instant damagedAt;

  StoreProbe(DatabaseTarget target, DataSource pool, Clock clock) {
    this.target = target;
    this.pool = pool;
    this.clock = clock;
  }

  /** Whether this failure says the SQLite file is damaged. */
  boolean isDamage(Throwable error) {
    return target.kind().dialect().isDamage(error);
  }

  /** Records that the file is damaged; the first report is kept, and logged once. */
  void damaged(String why) {
    synchronized (this) {
      if (damage != null) {
        return;
      }
      damage = why;
      damagedAt = clock.instant();
    }
    log.error(
        "{} is damaged: {}. Calls that read the damaged pages fail; stop the application, restore"
            + " the file from a backup or recover it (see docs/persistence.md)",
        target,
        why);
  }

  /** What is known to be wrong with the file, or null. */
  synchronized String damage() {
    return damage;
  }

  /**
   * Checks that the database answers a cheap query now, within about {@link #TIMEOUT} for the
   * connection and as much for the query.
   *
   * @throws SchedulerException naming the database, when the file is known to be damaged or the
   *     query fails
   */
  public void ping() {
    String known = damage();
    if (known != null) {
      throw new SchedulerException(target.describe() + " is damaged: " + known);
    }
    try (Connection connection = borrow();
        Statement statement = connection.createStatement()) {
      int seconds = (int) TIMEOUT.toSeconds();
      statement.setQueryTimeout(seconds);
      target.kind().dialect().ping(connection, statement, (int) TIMEOUT.toMillis());
    } catch (SQLException | RuntimeException e) {
      if (isDamage(e)) {
        damaged(StoreCalls.rootMessage(e));
      }
      throw new SchedulerException(
          target.describe() + " does not answer: " + StoreCalls.rootMessage(e), e);
    }
  }

  private Connection borrow() throws SQLException {
    // The pool's own wait is up to 30 s (SQLite) or 5 s (PostgreSQL); a probe waits less.
    if (pool instanceof HikariDataSource own
        && own.getHikariPoolMXBean() instanceof HikariPool hikari) {
      return hikari.getConnection(TIMEOUT.toMillis());
    }
    return pool.getConnection();
  }

  /** Adds {@code damaged} (what is wrong and since when) when the file is known to be damaged. */
  synchronized void addDetails(Map<String, Object> details) {
    if (damage != null) {
      Map<String, Object> damaged = new LinkedHashMap<>();
      damaged.put("message", damage);
      damaged.put("at", damagedAt.toString());
      details.put("damaged", damaged);
    }
  }
}
