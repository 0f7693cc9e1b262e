package io.pipelinescheduler.persistence.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * The version of SQLite that sqlite-jdbc bundles, read from the {@code VERSION} resource of its jar
 * (for example {@code version=3.54.1}) without loading the native library; null when the jar has
 * none (repackaged), and Hibernate then asks the database.
 */
final class SqliteVersion {
  static final int[] BUNDLED = read();

  private static final String RESOURCE = "/META-INF/maven/org.xerial/sqlite-jdbc/VERSION";

  private SqliteVersion() {}

  private static int[] read() {
    try (InputStream in = SQLiteConfig.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Properties properties = new Properties();
      properties.load(in);
      return parse(properties.getProperty("version"));
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code {major, minor}} of a version such as {@code 3.54.1}, or null when it is not one. */
  static int[] parse(String version) {
    if (version == null) {
      return null;
    }
    String[] parts = version.strip().split("\\.");
    try {
      return parts.length < 2
          ? null
          : new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
