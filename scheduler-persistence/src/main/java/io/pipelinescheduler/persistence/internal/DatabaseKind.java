package io.pipelinescheduler.persistence.internal;

/**
 * The databases the JPA store runs on, each with its {@link Dialect}: what differs between them.
 */
public enum DatabaseKind {
  /** One file, WAL journal, one writer at a time: the default. */
  SQLITE("sqlite", new SqliteDialect(), "schema-sqlite.sql"),
  /** A server reached by JDBC URL, pooled. */
  POSTGRESQL("postgresql", new PostgresDialect(), "schema-postgresql.sql");

  private final String id;
  private final Dialect dialect;
  private final String schemaResource;

  DatabaseKind(String id, Dialect dialect, String schemaResource) {
    this.id = id;
    this.dialect = dialect;
    this.schemaResource = schemaResource;
  }

  /** The short name used in logs, health details and error messages. */
  public String id() {
    return id;
  }

  /** How the store talks to this database. */
  Dialect dialect() {
    return dialect;
  }

  /**
   * The DDL script's resource path, e.g. {@code
   * /io/pipelinescheduler/persistence/schema-sqlite.sql}.
   */
  public String schemaResource() {
    return "/io/pipelinescheduler/persistence/" + schemaResource;
  }
}
