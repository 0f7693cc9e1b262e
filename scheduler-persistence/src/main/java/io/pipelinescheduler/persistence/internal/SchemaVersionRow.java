package io.pipelinescheduler.persistence.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code ps_schema_version}: one schema version installed in the database. */
@Entity(name = "SchemaVersionRow")
@Table(name = "ps_schema_version")
public class SchemaVersionRow {
  @Id
  @Column(name = "version")
  int version;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "installed_at")
  Instant installedAt;

  @Column(name = "description")
  String description;

  /** For Hibernate. */
  protected SchemaVersionRow() {}

  SchemaVersionRow(int version, Instant installedAt, String description) {
    this.version = version;
    this.installedAt = installedAt;
    this.description = description;
  }
}
