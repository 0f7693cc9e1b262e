package io.pipelinescheduler.persistence;

import io.pipelinescheduler.SchedulerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The second process of {@link SqliteTwoProcessesIT}: opens a store on the file, prints {@code
 * ready}, waits for {@code go} on standard input, writes from several threads, prints {@code done
 * <inserted>} and exits 0, or prints the error and exits 1.
 *
 * <p>Arguments: database file, schedule name prefix, threads, runs per thread.
 */
public final class SqliteWriterMain {
  private SqliteWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String prefix = args[1];
    int threads = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    try (JpaScheduleStore store =
        JpaScheduleStore.open(SchedulerConfig.builder().dbPath(file).build())) {
      System.out.println("ready");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"go".equals(in.readLine())) {
        throw new IllegalStateException("expected go");
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> writers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String name = prefix + i;
        writers.add(pool.submit(() -> SqliteWriters.write(store, name, runs)));
      }
      int inserted = 0;
      for (Future<Integer> writer : writers) {
        inserted += writer.get();
      }
      pool.shutdown();
      System.out.println("done " + inserted);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.out.flush();
      System.exit(1);
    }
  }
}
