package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite file whose pages are overwritten with garbage, before the start or while it runs. */
class SqliteDamagedFileTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  private Path file() {
    return directory.resolve("scheduler.db");
  }

  private SchedulerConfig config() {
    return SchedulerConfig.builder()
        .dbPath(file())
        .clock(new SettableClock(T0))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  /** A history of 200 runs with 2 KB of output each: {@code ps_runs} spans many pages. */
  private void writeHistory() {
    try (JpaScheduleStore store = JpaScheduleStore.open(config())) {
      List<ExecutionRecord> runs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Instant slot = T0.minus(Duration.ofHours(200 - i));
        runs.add(
            ExecutionRecord.running("run-" + i, "report", slot, slot, 1, Trigger.SCHEDULED, "n")
                .finish(ExecutionStatus.SUCCEEDED, slot, Duration.ZERO, null, "x".repeat(2048)));
      }
      store.insertRuns(runs);
    }
  }

  /**
   * Overwrites the start of the root page of a table or index with garbage, as a failing disk or a
   * stray write would, after moving every committed page into the file. Then commits a small write
   * from another connection, so that connections already open drop the pages they cached.
   */
  private void damageRootPage(String tableOrIndex) throws SQLException, IOException {
    long offset;
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      int pageSize = single(statement, "PRAGMA page_size");
      int root =
          single(
              statement, "SELECT rootpage FROM sqlite_master WHERE name = '" + tableOrIndex + "'");
      offset = (long) (root - 1) * pageSize;
    }
    byte[] garbage = new byte[64];
    Arrays.fill(garbage, (byte) 0xA5);
    try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(garbage), offset);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE ps_schema_version SET description = description");
    }
  }

  private static int single(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void pages_damaged_while_running_fail_get_history_naming_the_problem_and_make_health_degraded()
      throws Exception {
    writeHistory();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config())) {
      scheduler.scheduleHourly("report", context -> {}, 0);
      scheduler.start();
      assertThat(scheduler.getHistory("report", 5)).hasSize(5);
      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);

      damageRootPage("ps_runs");

      assertThatThrownBy(() -> scheduler.getHistory("report", 5))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining(file().toString())
          .hasMessageContaining("SQLITE_CORRUPT")
          .hasMessageContaining("damaged");
      HealthStatus health = scheduler.healthCheck();
      assertThat(health.status()).isEqualTo(Health.DEGRADED);
      assertThat(health.details().get("storeError"))
          .asString()
          .contains("SQLite database " + file() + " is damaged")
          .contains("SQLITE_CORRUPT");
      assertThat(health.details().get("lastError")).asString().contains("findHistory failed");
    }
  }

  @Test
  void a_file_damaged_before_the_start_opens_and_health_names_it_as_damaged() throws Exception {
    writeHistory();
    damageRootPage("ps_runs_finished"); // an index only the retention job reads

    try (PipelineScheduler scheduler = PipelineScheduler.create(config())) {
      scheduler.scheduleHourly("report", context -> {}, 0);
      scheduler.start();
      HealthStatus health = scheduler.healthCheck();

      assertThat(health.status()).isEqualTo(Health.DEGRADED);
      assertThat(health.details().get("storeError"))
          .asString()
          .contains("SQLite database " + file() + " is damaged")
          .contains("quick_check");
      @SuppressWarnings("unchecked")
      Map<String, Object> store = (Map<String, Object>) health.details().get("storeDetails");
      assertThat(store).containsKey("damaged");
      assertThat(scheduler.getHistory("report", 5)).hasSize(5); // what is not damaged still works
    }
  }
}
