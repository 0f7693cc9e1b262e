package io.pipelinescheduler.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one PostgreSQL server every contender uses: zonky's embedded binaries, started once for the
 * whole run on a loopback port. Each measured run gets a schema of its own, dropped afterwards.
 */
final class Postgres implements AutoCloseable {
  static final String USER = "postgres";

  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final EmbeddedPostgres server;
  private final String url;

  private Postgres(EmbeddedPostgres server) {
    this.server = server;
    this.url = server.getJdbcUrl(USER, "postgres");
  }

  static Postgres start() {
    try {
      return new Postgres(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
    }
  }

  /** The server's base URL (database postgres). */
  String url() {
    return url;
  }

  /**
   * Creates a new, empty database and returns its URL: its transactions are then counted apart from
   * every other's ({@link #commits}).
   */
  String newDatabaseUrl(String name) {
    execute("CREATE DATABASE " + name);
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    return base.substring(0, base.lastIndexOf('/') + 1)
        + name
        + (query < 0 ? "" : url.substring(query));
  }

  /** Drops a database made by {@link #newDatabaseUrl}, closing any session still on it. */
  void dropDatabase(String name) {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /**
   * The transactions committed in a database ({@code pg_stat_database.xact_commit}, read-only ones
   * included), once every session on it has ended: a session reports its counts when it ends, or at
   * most a second or so apart while it lives. Read from the database {@code postgres}, so the
   * reading counts in neither.
   */
  long commits(String database) {
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
    while (count(url, "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")
        > 0) {
      if (System.nanoTime() > until) {
        Bench.log(
            "sessions on %s still open after 15 s: their last second may be missing", database);
        break;
      }
      Bench.sleep(20);
    }
    // A session leaves pg_stat_activity just before it reports its counts: read until they settle.
    String sql =
        "SELECT coalesce(xact_commit, 0) FROM pg_stat_database WHERE datname = '" + database + "'";
    long previous = count(url, sql);
    while (true) {
      Bench.sleep(100);
      long now = count(url, sql);
      if (now == previous) {
        return now;
      }
      previous = now;
    }
  }

  /** Creates a new, empty schema and returns a URL whose current schema it is. */
  String newSchemaUrl(String label) {
    String schema = "bench_" + label.replaceAll("[^a-z0-9]", "_") + "_" + SCHEMAS.incrementAndGet();
    execute("CREATE SCHEMA " + schema);
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops the schema named in a URL made by {@link #newSchemaUrl}. */
  void dropSchema(String schemaUrl) {
    String schema = schemaUrl.substring(schemaUrl.indexOf("currentSchema=") + 14);
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(url, USER, null);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + " refused: " + sql, e);
    }
  }

  /** Runs a SQL script (statements separated by semicolons; -- comments dropped) in a schema. */
  static void runScript(String schemaUrl, String resource) {
    String text;
    try (InputStream in = Postgres.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is not on the class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : text.split("\n")) {
      int comment = line.indexOf("--");
      withoutComments.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
    }
    try (Connection connection = DriverManager.getConnection(schemaUrl, USER, null);
        Statement statement = connection.createStatement()) {
      for (String sql : withoutComments.toString().split(";")) {
        String trimmed = sql.strip();
        if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("commit")) {
          statement.execute(trimmed);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("script " + resource + " failed at " + schemaUrl, e);
    }
  }

  /** A count from a query, e.g. {@code SELECT count(*) FROM ps_runs}. */
  static long count(String schemaUrl, String sql) {
    try (Connection connection = DriverManager.getConnection(schemaUrl, USER, null);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("query failed at " + schemaUrl + ": " + sql, e);
    }
  }

  /** A connection pool for a peer: the same driver settings as ours, {@code size} connections. */
  static HikariDataSource pool(String schemaUrl, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(schemaUrl);
    config.setUsername(USER);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }

  /** The server settings that matter for write speed, as the server reports them. */
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    try (Connection connection = DriverManager.getConnection(url, USER, null);
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT version()")) {
        rows.next();
        settings.put("version", rows.getString(1));
      }
      for (String name :
          new String[] {
            "fsync",
            "synchronous_commit",
            "full_page_writes",
            "shared_buffers",
            "max_connections",
            "wal_level"
          }) {
        try (ResultSet rows = statement.executeQuery("SHOW " + name)) {
          rows.next();
          settings.put(name, rows.getString(1));
        }
      }
    } catch (SQLException e) {
      settings.put("error", e.toString());
    }
    return settings;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("could not stop the embedded PostgreSQL server: " + e);
    }
  }
}
