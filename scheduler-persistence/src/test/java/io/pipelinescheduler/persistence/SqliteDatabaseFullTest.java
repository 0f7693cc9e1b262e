package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.Trigger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * A SQLite store whose database cannot grow: SQLite's own size limit ({@code PRAGMA
 * max_page_count}) set on the store's connections makes every write that needs a new page fail with
 * {@code SQLITE_FULL}, as a full disk does, and SQLite rolls the transaction back by itself. {@code
 * SqliteFullDiskIT} does the same with a real full file system.
 */
class SqliteDatabaseFullTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");
  private static final String OUTPUT = "x".repeat(4096);
  private static final int NO_LIMIT = 1_073_741_823;

  @TempDir Path directory;
  private final List<Connection> held = new ArrayList<>();

  @AfterEach
  void release() throws SQLException {
    for (Connection connection : held) {
      connection.close();
    }
  }

  private static ExecutionRecord running(String runId, int slot) {
    return ExecutionRecord.running(
        runId, "report", T0.plusSeconds(slot), T0.plusSeconds(slot), 1, Trigger.SCHEDULED, "n");
  }

  private static ExecutionRecord finished(ExecutionRecord run) {
    return run.finish(ExecutionStatus.SUCCEEDED, run.startedAt(), Duration.ZERO, null, OUTPUT);
  }

  /**
   * Holds all but one of the pool's connections, so that the store works on a single connection and
   * the limit applies to whichever connection it uses.
   */
  private void leaveOneConnection(HikariDataSource pool) throws SQLException {
    for (int i = 1; i < pool.getMaximumPoolSize(); i++) {
      held.add(pool.getConnection());
    }
  }

  /** Sets the limit for connections opened from now on and on the one the store holds. */
  private static void limitPages(HikariDataSource pool, int pages) throws SQLException {
    ((SQLiteDataSource) pool.getDataSource()).setMaxPageCount(pages);
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA max_page_count = " + pages);
    }
  }

  @Test
  void writes_fail_while_the_database_is_full_and_work_again_on_the_same_store_once_it_has_room()
      throws Exception {
    Path file = directory.resolve("full.db");
    try (JpaScheduleStore store =
        JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file).build())) {
      HikariDataSource pool = (HikariDataSource) store.parts().pool();
      leaveOneConnection(pool);
      ExecutionRecord before = finished(running("run-0", 0));
      store.insertRun(running("run-0", 0));
      store.updateRun(before);
      limitPages(pool, 1); // SQLite keeps the limit at the current size: no page can be added

      ExecutionRecord first = running("run-1", 1);
      assertThatThrownBy(() -> store.insertRun(finished(first)))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("SQLITE_FULL");
      ExecutionRecord second = running("run-2", 2);
      assertThatThrownBy(() -> store.insertRun(finished(second)))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining("SQLITE_FULL");
      assertThat(store.findHistory("report", 10)).containsExactly(before);

      limitPages(pool, NO_LIMIT); // room again; the store is not reopened

      assertThat(store.insertRun(first)).isTrue();
      store.updateRun(finished(first));
      assertThat(store.insertRun(finished(second))).isTrue();
      assertThat(store.findHistory("report", 10))
          .containsExactly(finished(second), finished(first), before);
    }
  }
}
