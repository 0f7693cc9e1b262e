package io.pipelinescheduler.persistence.internal;

/** The databases the JPA store runs on, with what differs between them. */
public enum DatabaseKind {
  /** One file, WAL journal, one writer at a time: the default. */
  SQLITE("sqlite", "org.hibernate.community.dialect.SQLiteDialect", "schema-sqlite.sql"),
  /** A server reached by JDBC URL, pooled. */
  POSTGRESQL("postgresql", null, "schema-postgresql.sql");

  private final String id;
  private final String dialect;
  private final String schemaResource;

  DatabaseKind(String id, String dialect, String schemaResource) {
    this.id = id;
    this.dialect = dialect;
    this.schemaResource = schemaResource;
  }

  /** The short name used in logs, health details and error messages. */
  public String id() {
    return id;
  }

  /** The Hibernate dialect class, or null where Hibernate picks it from the connection. */
  String dialect() {
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
