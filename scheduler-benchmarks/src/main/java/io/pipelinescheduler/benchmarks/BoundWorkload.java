package io.pipelinescheduler.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Issue 20, item 3: the database's commit rate as the bound. First the bound: the commits per
 * second of {@link CommitLoop} on the PostgreSQL server every contender uses (one connection, and
 * ten, as W1's ten worker threads) and on a SQLite file opened as our store opens it. Then W1-size
 * bursts of our PostgreSQL and SQLite contenders and of db-scheduler lock-and-fetch, each counting
 * the transactions it commits: on PostgreSQL the server's own count ({@code
 * pg_stat_database.xact_commit} of a database made for the burst), on SQLite the write transactions
 * passing through a counting layer under our pool ({@link WriteCommitCounter}). Runs/s × commits
 * per run = the commits/s a burst uses, beside the bound. The same for issue 16's registration one
 * call each ({@link RegistrationWorkload#register}), one thread calling, beside the one-connection
 * loop.
 */
final class BoundWorkload {
  static final String METRIC = "commits/s";

  static final String LOOP_PG_1 = "commit loop, 1 connection (PostgreSQL)";
  static final String LOOP_PG_10 = "commit loop, 10 connections (PostgreSQL)";
  static final String LOOP_SQLITE = "commit loop, 1 connection (SQLite)";

  static final String RUNS = "runs/s";
  static final String PER_RUN = "commits/run";
  static final String PER_SCHEDULE = "commits/schedule";

  /** The connections of the parallel PostgreSQL loop: W1's worker threads. */
  private static final int PARALLEL = 10;

  /** Each loop figure: this long unmeasured on the same connections, then this long measured. */
  static final Duration LOOP_WARM_UP = Duration.ofSeconds(1);

  static final Duration LOOP_MEASURED = Duration.ofSeconds(2);

  /** The pragmas our store's pool sets on every SQLite connection (see ConnectionPools). */
  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 5_000;

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Bench bench;

  BoundWorkload(Bench bench) {
    this.bench = bench;
  }

  void run(String workload) {
    List<String> loops = List.of(LOOP_PG_1, LOOP_PG_10, LOOP_SQLITE);
    List<Contender> bursts =
        List.of(Contender.OURS_POSTGRES, Contender.DBS_LOCK_AND_FETCH, Contender.OURS_SQLITE);
    List<Contender> registrations = List.of(Contender.OURS_POSTGRES, Contender.OURS_SQLITE);
    for (String loop : loops) {
      bench.results.settings(workload, loop, BoundSettings.loop(loop));
    }
    for (Contender contender : bursts) {
      Bench.log("%s warm-up %s (%d runs)", workload, contender.label, bench.sizes.burstWarmup());
      burst(workload, contender, bench.sizes.burstWarmup(), false);
    }
    for (Contender contender : registrations) {
      Bench.log("%s warm-up %s", workload, registrationLabel(contender));
      registration(workload, contender, false);
    }
    for (int run = 1; run <= bench.sizes.runs(); run++) {
      for (String loop : loops) {
        double rate = loop(loop);
        Bench.log("%s %s run %d: %.0f %s", workload, loop, run, rate, METRIC);
        bench.results.add(workload, loop, METRIC, rate);
      }
      for (Contender contender : bursts) {
        burst(workload, contender, bench.sizes.burst(), true);
      }
      for (Contender contender : registrations) {
        registration(workload, contender, true);
      }
    }
    for (Contender contender : bursts) {
      String bound = contender.usesSqlite() ? LOOP_SQLITE : LOOP_PG_10;
      CommitBound figure = figure(workload, contender.label, "run", RUNS, PER_RUN, bound);
      bench.results.note(workload, figure.verdict(contender.label, "bound (" + bound + ")"));
      double w1 = bench.results.median(Workloads.W1, contender.label, RUNS);
      if (!Double.isNaN(w1)) {
        CommitBound atW1 =
            new CommitBound("run", w1, figure.commitsEach(), figure.boundPerSecond());
        bench.results.note(
            workload,
            atW1.verdict(
                contender.label + " at W1's runs/s of this invocation", "bound (" + bound + ")"));
      }
    }
    for (Contender contender : registrations) {
      // One thread registers, one call after the other: the one-connection loop is its bound.
      String bound = contender.usesSqlite() ? LOOP_SQLITE : LOOP_PG_1;
      String label = registrationLabel(contender);
      CommitBound figure =
          figure(workload, label, "schedule", RegistrationWorkload.METRIC, PER_SCHEDULE, bound);
      bench.results.note(workload, figure.verdict(label, "bound (" + bound + ")"));
    }
    bench.results.note(
        workload,
        "Medians; commits/run and commits/schedule count every transaction from the creation of"
            + " the scheduler to its close (set-up, the burst's registration in one batch, and the"
            + " polls while it ran included), divided by the runs or schedules; the commits/s"
            + " column is per run (rate × commits each of the same run), the sentences above take"
            + " medians. PostgreSQL: the server's count (pg_stat_database.xact_commit, read-only"
            + " transactions included) of a database made for the run. SQLite: write transactions"
            + " only, counted under our pool.");
  }

  private CommitBound figure(
      String workload, String label, String item, String rate, String each, String bound) {
    return new CommitBound(
        item,
        bench.results.median(workload, label, rate),
        bench.results.median(workload, label, each),
        bench.results.median(workload, bound, METRIC));
  }

  // ---- the bound ----

  private double loop(String loop) {
    return switch (loop) {
      case LOOP_PG_1 -> postgresLoop(1);
      case LOOP_PG_10 -> postgresLoop(PARALLEL);
      case LOOP_SQLITE -> sqliteLoop();
      default -> throw new IllegalArgumentException(loop);
    };
  }

  private double postgresLoop(int connections) {
    Postgres postgres = bench.postgres();
    String url = postgres.newSchemaUrl("bound");
    try {
      CommitLoop.Connections open = () -> DriverManager.getConnection(url, Postgres.USER, null);
      CommitLoop.createTable(open);
      return CommitLoop.commitsPerSecond(open, connections, LOOP_WARM_UP, LOOP_MEASURED);
    } finally {
      postgres.dropSchema(url);
    }
  }

  private double sqliteLoop() {
    Path file = bench.scratch.resolve("bound-" + DATABASES.incrementAndGet() + ".db");
    SQLiteDataSource dataSource = sqliteDataSource(file);
    CommitLoop.Connections open = dataSource::getConnection;
    try {
      CommitLoop.createTable(open);
      return CommitLoop.commitsPerSecond(open, 1, LOOP_WARM_UP, LOOP_MEASURED);
    } finally {
      deleteSqlite(file);
    }
  }

  /**
   * A SQLite file opened as our store opens it: busy timeout 5 s, synchronous NORMAL, WAL journal,
   * the same driver.
   */
  private static SQLiteDataSource sqliteDataSource(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    return dataSource;
  }

  // ---- the bursts, counting commits ----

  private void burst(String workload, Contender contender, int n, boolean measured) {
    OnceRecorder recorder = new OnceRecorder(n);
    Instant due = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (int i = 0; i < n; i++) {
      recorder.due(i, due);
    }
    Counted result =
        counted(
            contender,
            recorder,
            subject -> {
              if (subject instanceof OursSubject ours) {
                ours.scheduleOnceInOneBatch(n, i -> due);
              } else {
                subject.scheduleOnce(n, i -> due);
              }
              return timeBurst(subject, recorder);
            });
    if (!measured) {
      return;
    }
    String label = contender.label;
    double runsPerSecond = recorder.distinct() / result.seconds();
    double perRun = result.commits() / (double) n;
    bench.results.add(workload, label, RUNS, runsPerSecond);
    bench.results.add(workload, label, PER_RUN, perRun);
    bench.results.add(workload, label, METRIC, runsPerSecond * perRun);
    bench.results.add(workload, label, "commits", result.commits());
    bench.results.add(workload, label, "missing", n - recorder.distinct());
    bench.results.settings(workload, label, BoundSettings.burst(contender, bench.sizes));
    Bench.log(
        "%s %s: %.0f runs/s, %d commits for %d runs (%.3f/run), %.0f commits/s",
        workload, label, runsPerSecond, result.commits(), n, perRun, runsPerSecond * perRun);
  }

  /** A measured figure's seconds and the transactions committed meanwhile. */
  private record Counted(double seconds, long commits) {}

  /** Work on a scheduler made on a store of its own; its seconds. */
  @FunctionalInterface
  private interface Timed {
    double on(Subject subject);
  }

  private Counted counted(Contender contender, RunSink sink, Timed work) {
    return contender.usesSqlite() ? onSqlite(sink, work) : onPostgres(contender, sink, work);
  }

  /**
   * Makes the contender on a database of its own, reporting to {@code sink}, runs {@code work} and
   * closes it; the transactions committed in that database from before it was made until every
   * session on it ended.
   */
  private Counted onPostgres(Contender contender, RunSink sink, Timed work) {
    Postgres postgres = bench.postgres();
    String database = "bound_" + DATABASES.incrementAndGet();
    String url = postgres.newDatabaseUrl(database);
    try {
      long before = postgres.commits(database);
      double seconds;
      if (contender == Contender.OURS_POSTGRES) {
        try (OursSubject ours = OursSubject.postgres(bench.sizes.threads(), url, sink)) {
          seconds = work.on(ours);
        }
      } else {
        Postgres.runScript(url, DbSchedulerSubject.TABLES);
        try (Subject dbs =
            new DbSchedulerSubject(contender, bench.sizes.threads(), url, "bench-1", sink)) {
          seconds = work.on(dbs);
        }
      }
      return new Counted(seconds, postgres.commits(database) - before);
    } finally {
      postgres.dropDatabase(database);
    }
  }

  /**
   * Makes our scheduler on a new SQLite file, through a pool like our store's over a {@link
   * WriteCommitCounter}, runs {@code work} and closes it; the write transactions it committed.
   */
  private Counted onSqlite(RunSink sink, Timed work) {
    Path file = bench.scratch.resolve("bound-" + DATABASES.incrementAndGet() + ".db");
    WriteCommitCounter counter = new WriteCommitCounter(sqliteDataSource(file));
    try (HikariDataSource pool = sqlitePool(counter)) {
      double seconds;
      try (OursSubject ours = OursSubject.sqlite(bench.sizes.threads(), pool, file, sink)) {
        seconds = work.on(ours);
      }
      return new Counted(seconds, counter.commits());
    } finally {
      deleteSqlite(file);
    }
  }

  // ---- registration, one call each ----

  private static String registrationLabel(Contender contender) {
    return contender.usesSqlite()
        ? RegistrationWorkload.SINGLE_SQLITE
        : RegistrationWorkload.SINGLE_POSTGRES;
  }

  /** Issue 16's registration of one-shots, one call each, counting its commits. */
  private void registration(String workload, Contender contender, boolean measured) {
    int n = Math.min(bench.sizes.burst(), RegistrationWorkload.SCHEDULES);
    Counted result =
        counted(
            contender,
            (id, slot) -> {},
            subject -> RegistrationWorkload.register((OursSubject) subject, false, n));
    if (!measured) {
      return;
    }
    String label = registrationLabel(contender);
    double perSecond = n / result.seconds();
    double each = result.commits() / (double) n;
    bench.results.add(workload, label, RegistrationWorkload.METRIC, perSecond);
    bench.results.add(workload, label, PER_SCHEDULE, each);
    bench.results.add(workload, label, METRIC, perSecond * each);
    bench.results.add(workload, label, "commits", result.commits());
    bench.results.settings(workload, label, BoundSettings.registration(contender, n));
    Bench.log(
        "%s %s: %.0f schedules/s, %d commits for %d schedules (%.3f each), %.0f commits/s",
        workload, label, perSecond, result.commits(), n, each, perSecond * each);
  }

  /**
   * The pool our store makes for a SQLite file (ConnectionPools.sqlite: 4 connections, at least 1
   * idle, auto-commit on), over the counting layer.
   */
  private static HikariDataSource sqlitePool(WriteCommitCounter counter) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bound-sqlite");
    config.setDataSource(counter);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
    return new HikariDataSource(config);
  }

  /**
   * Starts and waits for every run; the seconds from start() to the first start of the last run.
   * The caller closes the subject, which waits for the runs' records: their commits count.
   */
  private static double timeBurst(Subject subject, OnceRecorder recorder) {
    try {
      System.gc(); // as W1: the set-up's garbage is not collected inside the burst
      long t0 = System.nanoTime();
      subject.start();
      boolean complete = recorder.awaitAll(Duration.ofMinutes(5));
      long end = complete ? recorder.lastFirstStartNanos() : System.nanoTime();
      return (end - t0) / 1e9;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteSqlite(Path file) {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Path.of(file + suffix).toFile().delete();
    }
  }
}
