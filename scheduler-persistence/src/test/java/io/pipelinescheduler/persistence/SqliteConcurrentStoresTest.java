package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two independent stores (two pools, two write locks) on one SQLite file, written at once. */
class SqliteConcurrentStoresTest {
  private static final int THREADS_PER_STORE = 6;
  private static final int RUNS_PER_THREAD = 40;

  @TempDir Path directory;

  @Test
  void two_stores_writing_one_file_from_many_threads_never_surface_an_error() throws Exception {
    SchedulerConfig config =
        SchedulerConfig.builder().dbPath(directory.resolve("shared.db")).build();
    try (JpaScheduleStore first = JpaScheduleStore.open(config);
        JpaScheduleStore second = JpaScheduleStore.open(config)) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_STORE);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> writers = new ArrayList<>();
      for (int i = 0; i < 2 * THREADS_PER_STORE; i++) {
        JpaScheduleStore store = i % 2 == 0 ? first : second;
        String name = "schedule-" + i;
        writers.add(
            pool.submit(
                () -> {
                  go.await();
                  return SqliteWriters.write(store, name, RUNS_PER_THREAD);
                }));
      }

      go.countDown();
      int inserted = 0;
      for (Future<Integer> writer : writers) {
        inserted += writer.get(120, TimeUnit.SECONDS); // rethrows any writer's exception
      }
      pool.shutdown();

      assertThat(inserted).isEqualTo(2 * THREADS_PER_STORE * RUNS_PER_THREAD);
      for (int i = 0; i < 2 * THREADS_PER_STORE; i++) {
        List<ExecutionRecord> history = second.findHistory("schedule-" + i, 1_000);
        assertThat(history).hasSize(RUNS_PER_THREAD);
        assertThat(history)
            .extracting(ExecutionRecord::status)
            .containsOnly(ExecutionStatus.SUCCEEDED);
        assertThat(first.findSchedule("schedule-" + i).orElseThrow().version())
            .isEqualTo(RUNS_PER_THREAD - 1);
      }
    }
  }
}
