package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a JPA store is made of, opened in order (file checks, pool, Hibernate, schema) and closed in
 * reverse. Thread-safe once opened.
 *
 * @param target the database
 * @param pool the connection pool the store built and closes, or null when the configuration gave
 *     one ({@link SchedulerConfig#dataSource()})
 * @param dataSource the pool in use: {@code pool}, or the one the configuration gave
 * @param sessions Hibernate's session factory
 * @param schedules operations on {@code ps_schedules}
 * @param runs operations on {@code ps_runs}
 * @param probe whether the database answers now and whether the file is damaged
 */
public record StoreParts(
    DatabaseTarget target,
    HikariDataSource pool,
    DataSource dataSource,
    SessionFactory sessions,
    ScheduleTable schedules,
    RunTable runs,
    StoreProbe probe) {
  private static final Logger log = LoggerFactory.getLogger(StoreParts.class);

  /** The schema version this library reads and writes. */
  public static final int SCHEMA_VERSION = SchemaManager.VERSION;

  /**
   * Opens the database of a configuration, creating or validating its schema.
   *
   * @throws SchedulerException naming the file or URL when it cannot be opened
   */
  public static StoreParts open(SchedulerConfig config) {
    DatabaseTarget target = DatabaseTarget.of(config);
    Dialect dialect = target.kind().dialect();
    DataSource given = config.dataSource();
    if (given == null || target.file() != null) {
      dialect.checkBeforeOpen(target);
    }
    HikariDataSource pool = null;
    SessionFactory sessions = null;
    try {
      // A given pool is the application's: used, never closed here.
      pool = given == null ? dialect.openPool(target, config) : null;
      DataSource dataSource = given == null ? pool : given;
      sessions = HibernateBoot.sessionFactory(dialect, dataSource);
      StoreProbe probe = new StoreProbe(target, dataSource, config.clock());
      StoreCalls calls = new StoreCalls(sessions, target, probe);
      new SchemaManager(calls, target, probe).prepare(config.clock().instant());
      log.info("pipeline-scheduler store opened: {}", target);
      return new StoreParts(
          target,
          pool,
          dataSource,
          sessions,
          new ScheduleTable(calls, dialect),
          new RunTable(calls, dialect),
          probe);
    } catch (RuntimeException e) {
      closeQuietly(sessions, pool);
      if (e instanceof SchedulerException scheduler) {
        throw scheduler;
      }
      throw new SchedulerException(
          "cannot open the " + target + ": " + StoreCalls.rootMessage(e), e);
    }
  }

  /** Type, URL (password masked), schema version, pool state, and the damage found, if any. */
  public Map<String, Object> healthDetails() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("type", target.kind().id());
    details.put("url", target.maskedUrl());
    if (target.file() != null) {
      details.put("file", target.file().toString());
    }
    details.put("schemaVersion", SCHEMA_VERSION);
    details.put("pool", ConnectionPools.stats(dataSource));
    probe.addDetails(details);
    return details;
  }

  /** Closes Hibernate and the pool the store built; a given pool stays open. */
  public void close() {
    closeQuietly(sessions, pool);
  }

  private static void closeQuietly(SessionFactory sessions, HikariDataSource pool) {
    try {
      if (sessions != null && sessions.isOpen()) {
        sessions.close();
      }
    } catch (RuntimeException e) {
      log.warn("closing Hibernate failed", e);
    } finally {
      if (pool != null) {
        pool.close();
      }
    }
  }
}
