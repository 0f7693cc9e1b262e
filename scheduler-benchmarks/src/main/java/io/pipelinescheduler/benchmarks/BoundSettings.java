package io.pipelinescheduler.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The settings lines of the {@code bound} workload's figures: what each measures and counts. */
final class BoundSettings {
  private BoundSettings() {}

  /** Registration one call each. */
  static Map<String, String> registration(Contender contender, int n) {
    return counted(
        contender,
        "registration",
        String.format(
            Locale.ROOT,
            "issue 16's: %,d one-shots due in an hour, schedule(name).once(at).run(type, params)"
                + " one call each on a started scheduler; schedules/s from the first call to the"
                + " last return",
            n));
  }

  private static String commitsCounted(Contender contender) {
    return contender.usesSqlite()
        ? "write transactions through our pool's connections (WriteCommitCounter between"
            + " HikariCP, set up as our store's pool, and the driver; given as the application's"
            + " dataSource), from creation to close"
        : "pg_stat_database.xact_commit of a database made for the run, after every session on it"
            + " ended; from creation to close";
  }

  /** A commit loop, by its label. */
  static Map<String, String> loop(String loop) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(
        "what",
        "not a scheduler: on each connection (a thread each), auto-commit off, transactions of one"
            + " INSERT of one row (run_id VARCHAR(64) primary key, schedule_name, two BIGINT"
            + " instants) and a commit, for "
            + BoundWorkload.LOOP_WARM_UP.toSeconds()
            + " s unmeasured, then "
            + BoundWorkload.LOOP_MEASURED.toSeconds()
            + " s measured; commits/s of all connections together");
    settings.put(
        "database",
        loop.equals(BoundWorkload.LOOP_SQLITE)
            ? "a new SQLite file, the driver our store uses (sqlite-jdbc), busy_timeout 5000,"
                + " synchronous NORMAL, journal_mode WAL, as our store's connections; plain JDBC"
                + " (no pool)"
            : "the PostgreSQL server every contender uses, a fresh schema; plain JDBC"
                + " (DriverManager, no pool)");
    return settings;
  }

  /** A W1-size burst. */
  static Map<String, String> burst(Contender contender, Sizes sizes) {
    return counted(
        contender,
        "burst",
        String.format(
            Locale.ROOT,
            "W1's: %,d one-shots due at once, registered before start()"
                + (contender.isOurs() ? " in one scheduleAll" : " in batches of 1,000")
                + ", %d worker threads; runs/s from start() to the first start of the last run;"
                + " a warm-up burst of %,d first",
            sizes.burst(),
            sizes.threads(),
            sizes.burstWarmup()));
  }

  /** {@code what} under {@code key}, then how the contender's commits were counted. */
  private static Map<String, String> counted(Contender contender, String key, String what) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(key, what);
    settings.put("commits counted", commitsCounted(contender));
    return settings;
  }
}
