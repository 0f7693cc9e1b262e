package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.Secrets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which database a configuration points at: SQLite at {@code dbPath}, or the server at {@code
 * dbUrl} when set.
 *
 * @param kind the database
 * @param jdbcUrl the JDBC URL to connect to (may hold a password: never log it, use {@link
 *     #maskedUrl()})
 * @param user the user for a server, or null
 * @param password the password for a server, or null
 * @param file the SQLite file (absolute), or null for a server
 */
public record DatabaseTarget(
    DatabaseKind kind, String jdbcUrl, String user, String password, Path file) {

  /**
   * The target of a configuration.
   *
   * @throws SchedulerException when {@code dbUrl} is set to a database other than PostgreSQL
   */
  public static DatabaseTarget of(SchedulerConfig config) {
    String url = config.dbUrl();
    if (url == null || url.isBlank()) {
      Path file = config.dbPath().toAbsolutePath().normalize();
      return new DatabaseTarget(DatabaseKind.SQLITE, "jdbc:sqlite:" + file, null, null, file);
    }
    if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
      throw new SchedulerException(
          "dbUrl (SCHEDULER_DB_URL) '"
              + Secrets.maskUrl(url)
              + "' is not supported: scheduler-persistence keeps schedules in PostgreSQL (a URL"
              + " such as jdbc:postgresql://db.example.com:5432/scheduler) or in SQLite (leave"
              + " dbUrl unset and set dbPath, SCHEDULER_DB_PATH)");
    }
    return new DatabaseTarget(
        DatabaseKind.POSTGRESQL, url, config.dbUser(), config.dbPassword(), null);
  }

  /** The URL with any password masked, for logs, messages and health details. */
  public String maskedUrl() {
    return Secrets.maskUrl(jdbcUrl);
  }

  /** What to call the database in messages: the SQLite file, or the masked URL. */
  public String describe() {
    return kind.dialect().describe(this);
  }

  @Override
  public String toString() {
    return describe();
  }
}
