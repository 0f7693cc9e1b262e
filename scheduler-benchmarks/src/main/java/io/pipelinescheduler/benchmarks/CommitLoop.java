package io.pipelinescheduler.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fewest a database does per commit: on each connection, in a thread of its own, auto-commit
 * off, transactions of one INSERT of one small row (like a run record: id, name, two instants) and
 * a commit, as fast as they go. The commits per second it reaches bound any scheduler that commits
 * per run on the same database.
 */
final class CommitLoop {
  /** The table, the same on PostgreSQL and SQLite. */
  static final String TABLE =
      "CREATE TABLE bound_runs (run_id VARCHAR(64) PRIMARY KEY, schedule_name VARCHAR(200) NOT"
          + " NULL, scheduled_at BIGINT, started_at BIGINT)";

  private static final String INSERT =
      "INSERT INTO bound_runs (run_id, schedule_name, scheduled_at, started_at) VALUES (?, ?, ?, ?)";

  /** Opens a connection; a loop owns and closes it. */
  @FunctionalInterface
  interface Connections {
    Connection open() throws SQLException;
  }

  private static final AtomicLong LOOPS = new AtomicLong();

  private CommitLoop() {}

  /** Creates {@link #TABLE} over a connection of {@code connections}. */
  static void createTable(Connections connections) {
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement()) {
      statement.execute(TABLE);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create bound_runs", e);
    }
  }

  /**
   * Runs the loop on {@code threads} connections for {@code warmUp} (not counted), then for {@code
   * measured}; the commits per second of the measured part, all connections together.
   */
  static double commitsPerSecond(
      Connections connections, int threads, Duration warmUp, Duration measured) {
    List<Connection> open = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        Connection connection = connections.open();
        connection.setAutoCommit(false);
        open.add(connection);
      }
      long loop = LOOPS.incrementAndGet();
      CountDownLatch go = new CountDownLatch(1);
      long[] counts = new long[threads];
      long[] starts = new long[threads];
      long[] ends = new long[threads];
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < threads; i++) {
        int k = i;
        Thread worker =
            new Thread(
                () -> {
                  try {
                    go.await();
                    String prefix = loop + "-" + k + "-";
                    long warmUntil = System.nanoTime() + warmUp.toNanos();
                    long n = insertUntil(open.get(k), prefix, 0, warmUntil);
                    starts[k] = System.nanoTime();
                    long until = starts[k] + measured.toNanos();
                    counts[k] = insertUntil(open.get(k), prefix, n, until) - n;
                    ends[k] = System.nanoTime();
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                },
                "commit-loop-" + k);
        worker.start();
        workers.add(worker);
      }
      go.countDown();
      for (Thread worker : workers) {
        worker.join();
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("the commit loop failed", failures.get(0));
      }
      long total = 0;
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      for (int i = 0; i < threads; i++) {
        total += counts[i];
        first = Math.min(first, starts[i]);
        last = Math.max(last, ends[i]);
      }
      return total / ((last - first) / 1e9);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the commit loop's connections", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      for (Connection connection : open) {
        try {
          connection.close();
        } catch (SQLException e) {
          // closing after the figure: nothing to report
        }
      }
    }
  }

  /**
   * Inserts and commits one row at a time until {@code until}; the row count after, from {@code n}.
   */
  private static long insertUntil(Connection connection, String prefix, long n, long until)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      while (System.nanoTime() < until) {
        long micros = System.currentTimeMillis() * 1000;
        insert.setString(1, prefix + n);
        insert.setString(2, "once-" + n);
        insert.setLong(3, micros);
        insert.setLong(4, micros);
        insert.executeUpdate();
        connection.commit();
        n++;
      }
    }
    return n;
  }
}
