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
 * Which database a configuration points at: the application's {@code dataSource} when set, else the
 * server at {@code dbUrl} when set, else SQLite at {@code dbPath}.
 *
 * @param kind the database
 * @param jdbcUrl the JDBC URL to connect to (may hold a password: never log it, use {@link
 *     #maskedUrl()})
 * @param user the user for a server, or null
 * @param password the password for a server, or null
 * @param file the SQLite file (absolute), or null for a server
 * @param dataSource the application's pool to use (never closed by the store), or null when the
 *     store opens its own
 */
public record DatabaseTarget(
    DatabaseKind kind,
    String jdbcUrl,
    String user,
    String password,
    Path file,
    DataSource dataSource) {

  /**
   * The target of a configuration.
   *
   * @throws SchedulerException when {@code dbUrl} is set to a database other than PostgreSQL
   */
  public static DatabaseTarget of(SchedulerConfig config) {
    if (config.dataSource() != null) {
      return ofDataSource(config.dataSource());
    }
    String url = config.dbUrl();
    if (url == null || url.isBlank()) {
      Path file = config.dbPath().toAbsolutePath().normalize();
      return new DatabaseTarget(DatabaseKind.SQLITE, "jdbc:sqlite:" + file, null, null, file, null);
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
        DatabaseKind.POSTGRESQL, url, config.dbUser(), config.dbPassword(), null, null);
  }

  /**
   * The database behind an application's pool, told from one of its connections: SQLite (a file) or
   * PostgreSQL.
   *
   * @throws SchedulerException when no connection can be had, or the database is another one
   */
  static DatabaseTarget ofDataSource(DataSource dataSource) {
    String url;
    String product;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      url = meta.getURL();
      product = meta.getDatabaseProductName();
    } catch (SQLException e) {
      throw new SchedulerException(
          "cannot connect through the dataSource ("
              + dataSource.getClass().getName()
              + "): "
              + e.getMessage(),
          e);
    }
    String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      String path = url.substring("jdbc:sqlite:".length());
      int query = path.indexOf('?');
      path = query < 0 ? path : path.substring(0, query);
      if (path.isBlank() || path.contains(":memory:") || path.startsWith("file:")) {
        throw new SchedulerException(
            "the dataSource's SQLite database '"
                + url
                + "' is not a plain file path; give the store a SQLite file"
                + " (jdbc:sqlite:/path/to/app.db)");
      }
      Path file = Path.of(path).toAbsolutePath().normalize();
      return new DatabaseTarget(DatabaseKind.SQLITE, url, null, null, file, dataSource);
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return new DatabaseTarget(DatabaseKind.POSTGRESQL, url, null, null, null, dataSource);
    }
    throw new SchedulerException(
        "the dataSource's database "
            + product
            + " ("
            + Secrets.maskUrl(url)
            + ") is not supported: scheduler-persistence keeps schedules in PostgreSQL or SQLite");
  }

  /**
   * Whether the database is the application's, reached through its pool: its tables are expected
   * beside the store's, so a SQLite file holding them is not refused as another application's.
   */
  public boolean sharedWithApplication() {
    return dataSource != null;
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
