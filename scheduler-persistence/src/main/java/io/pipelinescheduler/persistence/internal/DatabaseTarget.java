package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.Secrets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

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
    if (config.dataSource() != null) {
      return of(config.dataSource());
    }
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

  /**
   * The target of an application's {@link DataSource}, told from one connection's metadata: its URL
   * ({@code jdbc:sqlite:} or {@code jdbc:postgresql:}), else the product name. User and password
   * stay with the pool (null here).
   *
   * @throws SchedulerException when no connection can be had, or the database is neither
   */
  public static DatabaseTarget of(DataSource dataSource) {
    String url;
    String product;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      url = meta.getURL();
      product = meta.getDatabaseProductName();
    } catch (SQLException | RuntimeException e) {
      throw new SchedulerException(
          "cannot read which database the given dataSource is: " + StoreCalls.rootMessage(e), e);
    }
    String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:") || name.equals("sqlite")) {
      return new DatabaseTarget(DatabaseKind.SQLITE, url, null, null, sqliteFile(url));
    }
    if (lower.startsWith("jdbc:postgresql:") || name.equals("postgresql")) {
      return new DatabaseTarget(DatabaseKind.POSTGRESQL, url, null, null, null);
    }
    throw new SchedulerException(
        "the given dataSource is "
            + product
            + " ("
            + Secrets.maskUrl(url)
            + "): scheduler-persistence keeps schedules in PostgreSQL or SQLite only");
  }

  /** The file of a {@code jdbc:sqlite:} URL (absolute), or null for an in-memory database. */
  private static Path sqliteFile(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:sqlite:", 0, 12)) {
      return null;
    }
    String rest = url.substring(12);
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring(5);
    }
    if (rest.isEmpty() || rest.equals(":memory:") || rest.contains("mode=memory")) {
      return null;
    }
    return Path.of(rest).toAbsolutePath().normalize();
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
