package io.pipelinescheduler.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests: the one at {@code SCHEDULER_TEST_POSTGRES_URL} (with
 * {@code SCHEDULER_TEST_POSTGRES_USER} and {@code SCHEDULER_TEST_POSTGRES_PASSWORD}) when set, else
 * an embedded server (zonky's PostgreSQL binaries, started once per JVM and stopped at exit). Each
 * test gets a schema of its own; on an external server they are dropped when the JVM exits.
 * Thread-safe. Public, in this module's test-jar, for the redis module's PostgreSQL + Redis tests.
 */
public final class PostgresServer {
  /** Points the suites at an external PostgreSQL, e.g. {@code jdbc:postgresql://ci-db/test}. */
  public static final String URL_VARIABLE = "SCHEDULER_TEST_POSTGRES_URL";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static PostgresServer shared;

  private final String url;
  private final String user;
  private final String password;
  private final List<String> schemas = new CopyOnWriteArrayList<>();

  private PostgresServer(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The server shared by the tests of this JVM, started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      String external = System.getenv(URL_VARIABLE);
      if (external != null && !external.isBlank()) {
        PostgresServer server =
            new PostgresServer(
                external.strip(),
                System.getenv("SCHEDULER_TEST_POSTGRES_USER"),
                System.getenv("SCHEDULER_TEST_POSTGRES_PASSWORD"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::dropSchemas));
        shared = server;
      } else {
        EmbeddedPostgres embedded = startEmbedded(EmbeddedPostgres.builder());
        shared = new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", null);
      }
    }
    return shared;
  }

  /** Starts an embedded server (registering a shutdown hook that stops it). */
  static EmbeddedPostgres startEmbedded(EmbeddedPostgres.Builder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
  }

  String url() {
    return url;
  }

  /** The database user, or null when the URL needs none. */
  public String user() {
    return user;
  }

  /** The password, or null when the server asks for none. */
  public String password() {
    return password;
  }

  /** Creates a new, empty schema and returns a URL whose current schema it is. */
  String newSchemaUrl() {
    return newSchemaUrl("test");
  }

  /**
   * Creates a new, empty schema named after {@code purpose} and returns a JDBC URL whose current
   * schema it is.
   */
  public String newSchemaUrl(String purpose) {
    String schema =
        "ps_" + purpose + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    try (Connection connection = connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
      schemas.add(schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema + " at " + url, e);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private void dropSchemas() {
    if (schemas.isEmpty()) {
      return;
    }
    try (Connection connection = connect(url);
        Statement statement = connection.createStatement()) {
      for (String schema : schemas) {
        statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test schemas " + schemas + ": " + e);
    }
  }

  /** A new connection to {@code jdbcUrl} (one of {@link #newSchemaUrl}'s) as the test user. */
  public Connection connect(String jdbcUrl) throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }
}
