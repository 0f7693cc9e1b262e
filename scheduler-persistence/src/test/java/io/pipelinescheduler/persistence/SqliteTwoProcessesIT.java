package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.SchedulerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs writing one SQLite file at the same time, each from several threads. */
class SqliteTwoProcessesIT {
  private static final int THREADS = 4;
  private static final int RUNS = 40;

  @TempDir Path directory;

  @Test
  void two_processes_writing_one_file_at_once_never_surface_an_error() throws Exception {
    Path file = directory.resolve("shared.db");
    try (JpaScheduleStore store =
        JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file).build())) {
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  SqliteWriterMain.class.getName(),
                  file.toString(),
                  "child-",
                  String.valueOf(THREADS),
                  String.valueOf(RUNS))
              .redirectErrorStream(true)
              .start();
      try {
        BufferedReader childOut =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> childLines = new ArrayList<>();
        String line;
        while ((line = childOut.readLine()) != null && !line.equals("ready")) {
          childLines.add(line);
        }
        assertThat(line).as("child output: %s", childLines).isEqualTo("ready");

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Writer toChild =
            new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
          toChild.write("go\n");
          toChild.flush();
          List<Future<Integer>> writers = new ArrayList<>();
          for (int i = 0; i < THREADS; i++) {
            String name = "parent-" + i;
            writers.add(pool.submit(() -> SqliteWriters.write(store, name, RUNS)));
          }
          int inserted = 0;
          for (Future<Integer> writer : writers) {
            inserted += writer.get(120, TimeUnit.SECONDS);
          }
          assertThat(inserted).isEqualTo(THREADS * RUNS);
        } finally {
          pool.shutdown();
        }

        while ((line = childOut.readLine()) != null) {
          childLines.add(line);
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output: %s", childLines).isZero();
        assertThat(childLines).contains("done " + THREADS * RUNS);
      } finally {
        child.destroyForcibly();
      }

      for (String prefix : List.of("parent-", "child-")) {
        for (int i = 0; i < THREADS; i++) {
          List<ExecutionRecord> history = store.findHistory(prefix + i, 1_000);
          assertThat(history).hasSize(RUNS);
        }
      }
    }
  }
}
