package io.pipelinescheduler;

import static io.pipelinescheduler.internal.config.Checks.atLeast;
import static io.pipelinescheduler.internal.config.Checks.notBlank;
import static io.pipelinescheduler.internal.config.Checks.notEmpty;
import static io.pipelinescheduler.internal.config.Checks.positive;
import static io.pipelinescheduler.internal.config.Checks.quote;
import static io.pipelinescheduler.internal.config.Checks.rejected;

import io.pipelinescheduler.spi.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Where schedules and history are kept and for how long: the part of a {@link SchedulerConfig} read
 * by the store ({@link SchedulerConfig#store()}). Set through {@link SchedulerConfig.Builder}; each
 * setter there checks its value at once. Immutable and thread-safe; {@link #toString()} masks the
 * password and any password inside the URL.
 */
public final class StoreSettings {
  private final boolean persistSchedules;
  private final Path dbPath;
  private final String dbUrl;
  private final String dbUser;
  private final String dbPassword;
  private final DataSource dataSource;
  private final Duration historyRetention;
  private final int historyLimitPerSchedule;
  private final Duration refreshInterval;

  private StoreSettings(Builder b) {
    persistSchedules = b.persistSchedules;
    dbPath = b.dbPath;
    dbUrl = b.dbUrl;
    dbUser = b.dbUser;
    dbPassword = b.dbPassword;
    dataSource = b.dataSource;
    historyRetention = b.historyRetention;
    historyLimitPerSchedule = b.historyLimitPerSchedule;
    refreshInterval = b.refreshInterval;
  }

  /**
   * Whether schedules and history are kept in a database ({@link #dbUrl()} when set, else SQLite at
   * {@link #dbPath()}) rather than in memory. Default {@code true}; {@code SCHEDULER_PERSIST}.
   */
  public boolean persistSchedules() {
    return persistSchedules;
  }

  /**
   * The SQLite file used when persisting and {@link #dbUrl()} is unset. Default {@code
   * ./pipeline-scheduler.db}; {@code SCHEDULER_DB_PATH}.
   */
  public Path dbPath() {
    return dbPath;
  }

  /**
   * The JDBC URL of the database (e.g. PostgreSQL); when set it wins over {@link #dbPath()}.
   * Default none ({@code null}); {@code SCHEDULER_DB_URL}.
   */
  public String dbUrl() {
    return dbUrl;
  }

  /**
   * The database user for {@link #dbUrl()}. Default none ({@code null}); {@code SCHEDULER_DB_USER}.
   */
  public String dbUser() {
    return dbUser;
  }

  /**
   * The database password for {@link #dbUrl()}; never logged. Default none ({@code null}); {@code
   * SCHEDULER_DB_PASSWORD}.
   */
  public String dbPassword() {
    return dbPassword;
  }

  /**
   * The application's own connection pool, used instead of one of the store's making (no second
   * pool; {@link #dbPath()}, {@link #dbUrl()}, {@link #dbUser()} and {@link #dbPassword()} are then
   * not read). The database (SQLite or PostgreSQL) is told from its connections. The store never
   * closes it: it belongs to the application. Default none ({@code null}); no variable.
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /** How long execution records are kept. Default 30 days; {@code SCHEDULER_HISTORY_RETENTION}. */
  public Duration historyRetention() {
    return historyRetention;
  }

  /**
   * The most execution records kept per schedule. Default 1000; {@code SCHEDULER_HISTORY_LIMIT}.
   */
  public int historyLimitPerSchedule() {
    return historyLimitPerSchedule;
  }

  /**
   * How often stored schedules are read again, so that schedules created by other instances and
   * rows edited by an operator are picked up. Default 30 s; {@code SCHEDULER_REFRESH_INTERVAL}.
   */
  public Duration refreshInterval() {
    return refreshInterval;
  }

  /** The settings on one line, the password as {@code ***} and passwords in the URL masked. */
  @Override
  public String toString() {
    return "StoreSettings{" + fields() + "}";
  }

  /** The settings as {@code name=value} pairs joined by commas, for the log line. */
  String fields() {
    return "persistSchedules="
        + persistSchedules
        + ", dbPath="
        + dbPath
        + ", dbUrl="
        + Secrets.maskUrl(dbUrl)
        + ", dbUser="
        + dbUser
        + ", dbPassword="
        + (dbPassword == null ? null : Secrets.MASK)
        + (dataSource == null ? "" : ", dataSource=" + dataSource.getClass().getName())
        + ", historyRetention="
        + historyRetention
        + ", historyLimitPerSchedule="
        + historyLimitPerSchedule
        + ", refreshInterval="
        + refreshInterval;
  }

  /** Collects and checks the store settings for {@link SchedulerConfig.Builder}. */
  static final class Builder {
    private boolean persistSchedules = SchedulerConfig.DEFAULT_PERSIST_SCHEDULES;
    private Path dbPath = SchedulerConfig.DEFAULT_DB_PATH;
    private String dbUrl;
    private String dbUser;
    private String dbPassword;
    private DataSource dataSource;
    private Duration historyRetention = SchedulerConfig.DEFAULT_HISTORY_RETENTION;
    private int historyLimitPerSchedule = SchedulerConfig.DEFAULT_HISTORY_LIMIT_PER_SCHEDULE;
    private Duration refreshInterval = SchedulerConfig.DEFAULT_REFRESH_INTERVAL;

    Builder() {}

    Builder(StoreSettings s) {
      persistSchedules = s.persistSchedules;
      dbPath = s.dbPath;
      dbUrl = s.dbUrl;
      dbUser = s.dbUser;
      dbPassword = s.dbPassword;
      dataSource = s.dataSource;
      historyRetention = s.historyRetention;
      historyLimitPerSchedule = s.historyLimitPerSchedule;
      refreshInterval = s.refreshInterval;
    }

    void persistSchedules(boolean v) {
      persistSchedules = v;
    }

    void dbPath(Path v) {
      dbPath = notEmpty("dbPath", v);
    }

    void dbUrl(String v) {
      if (v != null && !v.regionMatches(true, 0, "jdbc:", 0, 5)) {
        throw rejected(
            "dbUrl must be a JDBC URL starting with 'jdbc:', e.g."
                + " jdbc:postgresql://localhost:5432/scheduler",
            quote(Secrets.maskUrl(v)));
      }
      dbUrl = v;
    }

    void dbUser(String v) {
      dbUser = v == null ? null : notBlank("dbUser", v);
    }

    void dbPassword(String v) {
      dbPassword = v;
    }

    void dataSource(DataSource v) {
      dataSource = v;
    }

    void historyRetention(Duration v) {
      historyRetention = positive("historyRetention", v);
    }

    void historyLimitPerSchedule(int v) {
      historyLimitPerSchedule = atLeast("historyLimitPerSchedule", v, 1);
    }

    void refreshInterval(Duration v) {
      refreshInterval = positive("refreshInterval", v);
    }

    StoreSettings build() {
      if (dataSource != null && dbUrl != null) {
        throw rejected(
            "dataSource and dbUrl are both set; the store uses one database: unset dbUrl"
                + " (SCHEDULER_DB_URL) or the dataSource",
            quote(Secrets.maskUrl(dbUrl)));
      }
      if (dataSource != null && !persistSchedules) {
        throw rejected(
            "dataSource is set but persistSchedules is false (SCHEDULER_PERSIST); a dataSource"
                + " needs persistence on",
            dataSource.getClass().getName());
      }
      return new StoreSettings(this);
    }
  }
}
