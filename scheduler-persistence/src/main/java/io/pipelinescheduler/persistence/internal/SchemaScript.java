package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The statements of a shipped DDL script ({@code schema-*.sql}). */
public final class SchemaScript {
  private SchemaScript() {}

  /**
   * The statements of the script for {@code kind}, without comments or trailing semicolons.
   *
   * @throws SchedulerException when the resource is missing (a broken build)
   */
  public static List<String> statements(DatabaseKind kind) {
    String text;
    try (InputStream in = SchemaScript.class.getResourceAsStream(kind.schemaResource())) {
      if (in == null) {
        throw new SchedulerException("missing resource " + kind.schemaResource());
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SchedulerException("cannot read resource " + kind.schemaResource() + ": " + e, e);
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      if (current.length() > 0) {
        current.append('\n');
      }
      current.append(line.stripTrailing());
      if (trimmed.endsWith(";")) {
        current.setLength(current.length() - 1);
        statements.add(current.toString());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString());
    }
    return statements;
  }
}
