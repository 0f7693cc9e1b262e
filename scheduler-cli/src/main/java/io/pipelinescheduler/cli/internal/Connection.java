package io.pipelinescheduler.cli.internal;

import picocli.CommandLine.Option;

/**
 * The options that say which scheduler to talk to, and how to print: mixed into every command.
 * {@code --db} (or {@code SCHEDULER_DB}) reads and writes the database; otherwise the REST API at
 * {@code --url} (or {@code SCHEDULER_URL}, default {@value #DEFAULT_URL}) is called with {@code
 * --token} (or {@code SCHEDULER_TOKEN}). An option given on the command line wins over a variable.
 */
public final class Connection {
  /** Where the REST API is looked for when no URL is given. */
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The scheduler's REST API (scheduler-http), with its mount point if any. Env:"
              + " SCHEDULER_URL; default "
              + DEFAULT_URL
              + ".")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "Bearer token for changes over the API. Env: SCHEDULER_TOKEN.")
  String token;

  @Option(
      names = "--db",
      paramLabel = "PATH|JDBC-URL",
      description =
          "Work on the database instead of the API: a SQLite file or a JDBC URL. Env:"
              + " SCHEDULER_DB.")
  String db;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Database user for a JDBC URL. Env: SCHEDULER_DB_USER.")
  String dbUser;

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      description = "Database password for a JDBC URL. Env: SCHEDULER_DB_PASSWORD.")
  String dbPassword;

  @Option(names = "--json", description = "Print JSON (for scripts) instead of tables.")
  boolean json;

  /** Whether output is JSON. */
  public boolean json() {
    return json;
  }

  /**
   * The backend these options name: the database when {@code --db} is given (or {@code
   * SCHEDULER_DB} is set and {@code --url} is not given), else the REST API.
   *
   * @throws CliException with {@link ExitCode#USAGE} when both {@code --url} and {@code --db} are
   *     given, {@link ExitCode#UNREACHABLE} when the database cannot be opened
   */
  Backend open() {
    if (url != null && db != null) {
      throw new CliException(
          ExitCode.USAGE, "give --url or --db, not both (--url '" + url + "', --db '" + db + "')");
    }
    String database = url != null ? null : (db != null ? db : env("SCHEDULER_DB"));
    if (database != null) {
      return new DatabaseBackend(
          database, or(dbUser, "SCHEDULER_DB_USER"), or(dbPassword, "SCHEDULER_DB_PASSWORD"));
    }
    String address = or(url, "SCHEDULER_URL");
    return new ApiBackend(address == null ? DEFAULT_URL : address, or(token, "SCHEDULER_TOKEN"));
  }

  private static String or(String given, String variable) {
    return given != null ? given : env(variable);
  }

  private static String env(String variable) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? null : value;
  }
}
