package io.pipelinescheduler.persistence.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.ScheduleChanges;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a JPA store is made of, opened in order (file checks, pool, schema, Hibernate) and closed in
 * reverse. On SQLite with the store's own pool, Hibernate boots on a second thread ({@link
 * BackgroundBoot}), started once the schema is ready, and the store opens without waiting for it:
 * the schema and the schedules table work over JDBC, and the first call on run history waits for
 * the boot. Thread-safe once opened.
 *
 * @param target the database
 * @param pool the connection pool: the store's own, or the application's (see {@link
 *     DatabaseTarget#dataSource()}), which is never closed here
 * @param sessions Hibernate's session factory, or null while it boots in the background
 * @param boot the background boot of Hibernate, or null when it booted on the opening thread
 * @param schedules operations on {@code ps_schedules}
 * @param runs operations on {@code ps_runs}
 * @param probe whether the database answers now and whether the file is damaged
 * @param instances the table of instances sharing the database
 * @param changeFeed opens a feed of the schedule changes made by anyone (see {@link
 *     ScheduleChanges})
 */
public record StoreParts(
    DatabaseTarget target,
    DataSource pool,
    SessionFactory sessions,
    BackgroundBoot boot,
    ScheduleTable schedules,
    RunTable runs,
    StoreProbe probe,
    InstanceTable instances,
    Supplier<ScheduleChanges> changeFeed) {
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
    if (target.dataSource() == null) {
      dialect.preloadDriver();
    }
    dialect.checkBeforeOpen(target);
    DataSource pool = null;
    SessionFactory sessions = null;
    BackgroundBoot boot = null;
    try {
      Supplier<SessionFactory> sessionsWhenBooted;
      if (target.dataSource() == null && HibernateBoot.needsNoConnection(dialect)) {
        // Hibernate boots on a second thread once the pool and schema are ready, so that it does
        // not take the CPU from them, and nothing here waits for it.
        pool = dialect.openPool(target, config);
        boot = BackgroundBoot.prepare(dialect, pool);
        sessionsWhenBooted = boot::await;
      } else {
        pool = target.dataSource() != null ? target.dataSource() : dialect.openPool(target, config);
        SessionFactory booted = HibernateBoot.sessionFactory(dialect, pool);
        sessions = booted;
        sessionsWhenBooted = () -> booted;
      }
      StoreProbe probe = new StoreProbe(target, pool, config.clock());
      StoreCalls calls = new StoreCalls(sessionsWhenBooted, pool, target, probe);
      new SchemaManager(calls, target, probe).prepare(config.clock().instant());
      if (boot != null) {
        boot.start();
      }
      log.info("pipeline-scheduler store opened: {}", target);
      DataSource listenOn = pool;
      RunTable runs = new RunTable(calls, dialect);
      if (target.kind() == DatabaseKind.POSTGRESQL) {
        // A round trip to a server is small beside the open's; SQLite's open is kept short.
        runs.warmUp();
      }
      StoreParts parts =
          new StoreParts(
              target,
              pool,
              sessions,
              boot,
              new ScheduleTable(calls, dialect, config.timezone()),
              runs,
              probe,
              new InstanceTable(calls),
              target.kind() == DatabaseKind.SQLITE
                  ? () -> new SqliteChangeLog(calls)
                  : () -> new PostgresNotifications(listenOn));
      boot = null; // the parts own it now
      return parts;
    } catch (RuntimeException e) {
      if (boot != null) {
        boot.abandon();
      }
      closeQuietly(sessions, pool, target);
      if (e instanceof SchedulerException scheduler) {
        throw scheduler;
      }
      throw new SchedulerException(
          "cannot open the " + target + ": " + StoreCalls.rootMessage(e), e);
    }
  }

  /**
   * {@code ps_claims} as the claim storage of the {@code database} lock backend, on the store's
   * pool, its writers taking turns with the store's on SQLite.
   *
   * @param clock the claimants' wall clock
   */
  public ClaimTable claims(Clock clock) {
    return new ClaimTable(runs.calls(), target.kind().dialect(), target, clock);
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
    details.put("pool", ConnectionPools.stats(pool));
    probe.addDetails(details);
    return details;
  }

  /**
   * Closes Hibernate (when it is still booting: as soon as it is done, without waiting) and the
   * store's own pool (an application's pool is left open).
   */
  public void close() {
    if (boot != null) {
      boot.abandon();
    }
    closeQuietly(sessions, pool, target);
  }

  private static void closeQuietly(
      SessionFactory sessions, DataSource pool, DatabaseTarget target) {
    try {
      if (sessions != null && sessions.isOpen()) {
        sessions.close();
      }
    } catch (RuntimeException e) {
      log.warn("closing Hibernate failed", e);
    } finally {
      if (pool instanceof HikariDataSource own && target.dataSource() == null) {
        own.close();
      }
    }
  }
}
