package io.pipelinescheduler.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The counter on a real SQLite file: write transactions count once, reads and rollbacks not. */
class WriteCommitCounterTest {
  @TempDir Path dir;

  private WriteCommitCounter counter;

  @BeforeEach
  void file() throws SQLException {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + dir.resolve("counted.db"));
    try (Connection connection = sqlite.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    }
    counter = new WriteCommitCounter(sqlite);
  }

  @Test
  void aStatementThatWritesInAutoCommitModeIsOneCommit() throws SQLException {
    try (Connection connection = counter.getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO t (name) VALUES ('a')");
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
        rows.next();
      }
      statement.executeQuery("PRAGMA journal_mode").close();
    }

    assertThat(counter.commits()).isEqualTo(1);
  }

  @Test
  void aTransactionOfSeveralWritesIsOneCommitAndOneOfReadsNone() throws SQLException {
    try (Connection connection = counter.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO t (name) VALUES (?)")) {
        for (int i = 0; i < 3; i++) {
          insert.setString(1, "n" + i);
          insert.addBatch();
        }
        insert.executeBatch();
        insert.setString(1, "last");
        insert.executeUpdate();
      }
      connection.commit();
      try (PreparedStatement read = connection.prepareStatement("SELECT * FROM t")) {
        read.executeQuery().close();
      }
      connection.commit();
    }

    assertThat(counter.commits()).isEqualTo(1);
  }

  @Test
  void aRolledBackWriteIsNoCommitAndSwitchingAutoCommitBackCommits() throws SQLException {
    try (Connection connection = counter.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.executeUpdate("INSERT INTO t (name) VALUES ('gone')");
      connection.rollback();
      statement.executeUpdate("INSERT INTO t (name) VALUES ('kept')");
      connection.setAutoCommit(true);
      try (ResultSet rows = statement.executeQuery("SELECT name FROM t")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("kept");
        assertThat(rows.next()).isFalse();
      }
    }

    assertThat(counter.commits()).isEqualTo(1);
  }

  @Test
  void queriesAndPragmasDoNotWrite() {
    assertThat(WriteCommitCounter.writes("  select 1")).isFalse();
    assertThat(WriteCommitCounter.writes("PRAGMA quick_check")).isFalse();
    assertThat(WriteCommitCounter.writes("UPDATE ps_runs SET status = ?")).isTrue();
    assertThat(WriteCommitCounter.writes("insert into t values (1)")).isTrue();
  }
}
