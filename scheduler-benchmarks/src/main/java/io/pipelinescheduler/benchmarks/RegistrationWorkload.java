package io.pipelinescheduler.benchmarks;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import io.pipelinescheduler.PipelineScheduler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;

/**
 * Issue 16, registration: {@link #SCHEDULES} one-shots created on a started scheduler, as schedules
 * per second from the first definition to the last call's return. Ours in bulk ({@code
 * scheduleAll}) and one call each ({@code schedule(…).run(…)}), into PostgreSQL and into a SQLite
 * file, beside db-scheduler's batch API ({@code SchedulerClient.scheduleBatch}, one call with every
 * instance) on the same PostgreSQL. Each repetition starts from an empty schema or file; the rows
 * take turns within a repetition, after {@value #WARM_UP_ROUNDS} unmeasured rounds of each for the
 * JIT.
 */
final class RegistrationWorkload {
  static final String METRIC = "schedules/s";
  static final int SCHEDULES = 10_000;

  static final String BULK_POSTGRES = "pipeline-scheduler scheduleAll (PostgreSQL)";
  static final String BULK_SQLITE = "pipeline-scheduler scheduleAll (SQLite)";
  static final String SINGLE_POSTGRES = "pipeline-scheduler schedule().run() each (PostgreSQL)";
  static final String SINGLE_SQLITE = "pipeline-scheduler schedule().run() each (SQLite)";
  static final String DBS_BATCH = "db-scheduler 16 scheduleBatch (PostgreSQL)";

  /**
   * Not a scheduler: the rows our latest {@code scheduleAll} wrote into PostgreSQL, copied into an
   * empty {@code ps_schedules} (with its index and triggers) in one {@code COPY}, the fastest way
   * PostgreSQL takes rows in. The floor under any registration that stores those rows.
   */
  static final String COPY_FLOOR = "floor: COPY of the same rows into ps_schedules (PostgreSQL)";

  private static final String JOB_TYPE = "send-invoice";

  /** Unmeasured rounds of every row, each of the measured size, before the measured ones. */
  private static final int WARM_UP_ROUNDS = 5;

  private final Bench bench;

  /** The rows the latest {@link #BULK_POSTGRES} round wrote, as COPY text. */
  private byte[] bulkRows;

  RegistrationWorkload(Bench bench) {
    this.bench = bench;
  }

  void run(String workload) {
    int n = bench.sizes.burst() < SCHEDULES ? bench.sizes.burst() : SCHEDULES;
    List<String> rows =
        List.of(BULK_POSTGRES, BULK_SQLITE, SINGLE_POSTGRES, SINGLE_SQLITE, DBS_BATCH, COPY_FLOOR);
    // Unmeasured: the JIT. One round of n/5 left most of our registration interpreted or being
    // compiled in the measured rounds (a profile: the compiler threads took more CPU time than
    // the registering thread); every row gets the same warm-up.
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (String row : rows) {
        measure(row, n);
      }
    }
    for (String row : rows) {
      bench.results.settings(workload, row, settings(row, n));
    }
    for (int run = 1; run <= 3; run++) {
      for (String row : rows) {
        double rate = measure(row, n);
        Bench.log("%s %s run %d: %.0f %s", workload, row, run, rate, METRIC);
        bench.results.add(workload, row, METRIC, rate);
      }
    }
  }

  private double measure(String row, int n) {
    return switch (row) {
      case BULK_POSTGRES -> ours(Contender.OURS_POSTGRES, true, n);
      case BULK_SQLITE -> ours(Contender.OURS_SQLITE, true, n);
      case SINGLE_POSTGRES -> ours(Contender.OURS_POSTGRES, false, n);
      case SINGLE_SQLITE -> ours(Contender.OURS_SQLITE, false, n);
      case DBS_BATCH -> dbScheduler(n);
      case COPY_FLOOR -> copyFloor(n);
      default -> throw new IllegalArgumentException(row);
    };
  }

  private double ours(Contender contender, boolean bulk, int n) {
    RunSink none = (id, slot) -> {};
    try (Bench.Env env = bench.env(contender);
        OursSubject subject = (OursSubject) env.subject(none, "bench-1")) {
      double seconds = register(subject, bulk, n);
      String url =
          contender == Contender.OURS_SQLITE
              ? "jdbc:sqlite:" + env.sqliteFile.toAbsolutePath()
              : env.jdbcUrl;
      requireRows(url, "SELECT count(*) FROM ps_schedules", n);
      if (contender == Contender.OURS_POSTGRES && bulk) {
        bulkRows = copyOut(url);
      }
      return n / seconds;
    }
  }

  /**
   * Starts the scheduler and creates {@code n} one-shots due in an hour, in one {@code scheduleAll}
   * or one call each; the seconds from the first definition to the last call's return.
   */
  static double register(OursSubject subject, boolean bulk, int n) {
    PipelineScheduler scheduler = subject.scheduler();
    scheduler.registerJobType(JOB_TYPE, (context, params) -> {});
    subject.start();
    // A started scheduler whose store has finished booting (Hibernate boots on a thread of its
    // own after start; reading history waits for it), as one is when the application creates
    // work: the boot's CPU time is start-up, not registration.
    scheduler.getHistory("none", 1);
    Instant at = Instant.now().plus(Duration.ofHours(1));
    long t0 = System.nanoTime();
    if (bulk) {
      scheduler.scheduleAll(
          batch -> {
            for (int i = 0; i < n; i++) {
              batch.schedule("invoice-" + i).once(at.plusMillis(i)).run(JOB_TYPE, Map.of("id", i));
            }
          });
    } else {
      for (int i = 0; i < n; i++) {
        scheduler.schedule("invoice-" + i).once(at.plusMillis(i)).run(JOB_TYPE, Map.of("id", i));
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private double dbScheduler(int n) {
    try (Bench.Env env = bench.env(Contender.DBS_LOCK_AND_FETCH);
        HikariDataSource pool = Postgres.pool(env.jdbcUrl, 4, "db-scheduler-client")) {
      OneTimeTask<Map<String, Integer>> task =
          Tasks.oneTime(JOB_TYPE, castMap()).execute((instance, context) -> {});
      SchedulerClient client = SchedulerClient.Builder.create(pool, task).build();
      Instant at = Instant.now().plus(Duration.ofHours(1));
      long t0 = System.nanoTime();
      List<SchedulableInstance<?>> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(
            SchedulableInstance.of(
                task.instance("invoice-" + i, Map.of("id", i)), at.plusMillis(i)));
      }
      client.scheduleBatch(batch);
      double seconds = (System.nanoTime() - t0) / 1e9;
      requireRows(env.jdbcUrl, "SELECT count(*) FROM scheduled_tasks", n);
      return n / seconds;
    }
  }

  /** Copies {@link #bulkRows} into the empty tables our store made in a new schema. */
  private double copyFloor(int n) {
    RunSink none = (id, slot) -> {};
    try (Bench.Env env = bench.env(Contender.OURS_POSTGRES)) {
      try (OursSubject subject = (OursSubject) env.subject(none, "bench-1")) {
        subject.start(); // creates the schema: tables, indexes and the change triggers
        subject.scheduler().getHistory("none", 1);
      }
      try (Connection connection = DriverManager.getConnection(env.jdbcUrl, Postgres.USER, null)) {
        long t0 = System.nanoTime();
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY ps_schedules FROM STDIN", new ByteArrayInputStream(bulkRows));
        double seconds = (System.nanoTime() - t0) / 1e9;
        requireRows(env.jdbcUrl, "SELECT count(*) FROM ps_schedules", n);
        return n / seconds;
      } catch (SQLException | IOException e) {
        throw new IllegalStateException("COPY into ps_schedules failed", e);
      }
    }
  }

  private static byte[] copyOut(String url) {
    try (Connection connection = DriverManager.getConnection(url, Postgres.USER, null)) {
      ByteArrayOutputStream rows = new ByteArrayOutputStream();
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut("COPY ps_schedules TO STDOUT", rows);
      return rows.toByteArray();
    } catch (SQLException e) {
      throw new IllegalStateException("COPY out of ps_schedules failed", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Class<Map<String, Integer>> castMap() {
    return (Class<Map<String, Integer>>) (Class<?>) Map.class;
  }

  private static void requireRows(String url, String sql, int n) {
    long rows = Postgres.count(url, sql);
    if (rows != n) {
      throw new IllegalStateException(sql + " found " + rows + " rows, expected " + n);
    }
  }

  private Map<String, String> settings(String row, int n) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("schedules", n + " one-shots, due in an hour (nothing runs while measured)");
    if (row.equals(COPY_FLOOR)) {
      settings.put(
          "what",
          "the rows of the latest scheduleAll into PostgreSQL, copied out (COPY … TO STDOUT), then"
              + " timed: one COPY ps_schedules FROM STDIN into the empty table our store made"
              + " (primary key and change triggers on), autocommit");
      return settings;
    }
    if (row.equals(DBS_BATCH)) {
      settings.put(
          "API",
          "SchedulerClient.scheduleBatch(List<SchedulableInstance>) with all of them, one call;"
              + " task data Map.of(\"id\", i) (Java-serialized by default)");
      settings.put("connection pool", "HikariCP, 4 connections");
    } else {
      settings.put(
          "API",
          row.startsWith("pipeline-scheduler scheduleAll")
              ? "scheduleAll(b -> ... b.schedule(name).once(at).run(\"" + JOB_TYPE + "\", params))"
              : "schedule(name).once(at).run(\"" + JOB_TYPE + "\", params), one call each");
      settings.put("scheduler", "started, default settings; job type parameters stored as JSON");
    }
    return settings;
  }
}
