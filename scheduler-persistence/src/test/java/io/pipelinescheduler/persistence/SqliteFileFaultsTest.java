package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store does with wrong paths and files that are not its database. */
class SqliteFileFaultsTest {
  @TempDir Path directory;

  private static JpaScheduleStore open(Path dbPath) {
    return JpaScheduleStore.open(SchedulerConfig.builder().dbPath(dbPath).build());
  }

  private List<String> filesInDirectory() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void a_text_file_at_db_path_fails_naming_the_file_and_is_left_byte_for_byte_untouched()
      throws IOException {
    Path file = directory.resolve("notes.db");
    byte[] content =
        "These are my notes, not a database.\n\u0000\u0001binary tail"
            .getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);
    FileTime modified = FileTime.from(Instant.parse("2025-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, modified);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a SQLite database")
        .hasMessageContaining("left untouched");

    assertThat(Files.readAllBytes(file)).isEqualTo(content);
    assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
    assertThat(filesInDirectory()).containsExactly("notes.db");
  }

  @Test
  void a_file_with_the_sqlite_header_but_corrupt_pages_fails_naming_the_file_and_is_untouched()
      throws IOException {
    Path file = directory.resolve("corrupt.db");
    byte[] content = new byte[8192];
    new Random(42).nextBytes(content);
    byte[] header = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(header, 0, content, 0, header.length);
    Files.write(file, content);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(file.toString());

    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void a_sqlite_database_of_another_application_is_refused_naming_it_and_left_untouched()
      throws Exception {
    Path file = directory.resolve("crm.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      statement.execute("INSERT INTO customers (name) VALUES ('Ada')");
    }
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("another application")
        .hasMessageContaining("customers");

    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(filesInDirectory()).containsExactly("crm.db");
  }

  @Test
  void a_missing_directory_fails_naming_it_and_is_not_created() {
    Path missing = directory.resolve("no-such-dir").resolve("deeper");
    Path file = missing.resolve("scheduler.db");

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("directory " + missing + " does not exist")
        .hasMessageContaining("SCHEDULER_DB_PATH");

    assertThat(directory.resolve("no-such-dir")).doesNotExist();
  }

  @Test
  void a_parent_that_is_a_file_fails_naming_it() throws IOException {
    Path notADirectory = Files.writeString(directory.resolve("plain.txt"), "x");

    assertThatThrownBy(() -> open(notADirectory.resolve("scheduler.db")))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(notADirectory + " is not a directory");
  }

  @Test
  void a_db_path_that_is_a_directory_fails_naming_it() throws IOException {
    Path dir = Files.createDirectory(directory.resolve("scheduler.db"));

    assertThatThrownBy(() -> open(dir))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("is a directory");
  }

  @Test
  void a_relative_db_path_is_resolved_and_named_absolutely_in_messages() {
    Path relative = Path.of("no-such-relative-dir", "scheduler.db");

    assertThatThrownBy(() -> open(relative))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(relative.toAbsolutePath().normalize().toString());
  }

  @Test
  void the_file_is_created_on_first_use_in_wal_mode() throws SQLException {
    Path file = directory.resolve("fresh.db");

    try (JpaScheduleStore store = open(file)) {
      assertThat(store.name()).isEqualTo("sqlite");
    }

    assertThat(file).exists();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
      mode.next();
      assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void a_database_with_only_some_of_the_tables_is_refused_as_incomplete() throws Exception {
    Path file = directory.resolve("partial.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE ps_runs (run_id TEXT PRIMARY KEY)");
    }

    assertThatThrownBy(() -> open(file))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("[ps_runs]")
        .hasMessageContaining("incomplete");
  }
}
