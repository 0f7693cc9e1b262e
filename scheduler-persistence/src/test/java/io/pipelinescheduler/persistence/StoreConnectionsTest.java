package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many connections (so transactions) the store takes for calls about many runs at once, counted
 * by the metrics of the real pool it is given: each is one, not one per run.
 */
class StoreConnectionsTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  @Test
  void the_runs_no_longer_running_among_many_are_read_on_one_connection() {
    AtomicInteger connections = new AtomicInteger();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl("jdbc:sqlite:" + directory.resolve("app.db"));
    hikari.setMetricsTrackerFactory(
        (pool, stats) ->
            new IMetricsTracker() {
              @Override
              public void recordConnectionAcquiredNanos(long nanos) {
                connections.incrementAndGet();
              }
            });
    try (HikariDataSource pool = new HikariDataSource(hikari);
        JpaScheduleStore store =
            JpaScheduleStore.open(SchedulerConfig.builder().dataSource(pool).build())) {
      List<ExecutionRecord> runs = new ArrayList<>();
      for (int i = 0; i < 1_200; i++) {
        runs.add(
            ExecutionRecord.queued("run-" + i, "s" + i, T0, T0, 1, Trigger.SCHEDULED, "node-a")
                .start(T0));
      }
      store.insertRuns(runs);
      ExecutionRecord ended =
          runs.get(700)
              .finish(ExecutionStatus.ABANDONED, T0.plusSeconds(5), Duration.ZERO, "gone", "");
      store.updateRuns(List.of(ended));
      List<String> ids = new ArrayList<>(runs.stream().map(ExecutionRecord::runId).toList());
      ids.add("unknown-run");
      connections.set(0);

      List<String> notRunning = store.notRunning(ids);

      assertThat(notRunning).containsExactly("run-700");
      assertThat(connections.get()).isEqualTo(1);
    }
  }
}
