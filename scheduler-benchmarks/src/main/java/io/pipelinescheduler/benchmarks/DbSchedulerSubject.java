package io.pipelinescheduler.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** db-scheduler 16 on PostgreSQL, with either polling strategy. */
final class DbSchedulerSubject extends Subject {
  /** The table definition, from db-scheduler's documentation for PostgreSQL. */
  static final String TABLES = "db-scheduler/postgresql_tables.sql";

  /** db-scheduler's defaults for each strategy: lower and upper limit as fractions of threads. */
  static final double FETCH_LOWER = 0.5;

  static final double FETCH_UPPER = 3.0;
  static final double LOCK_AND_FETCH_LOWER = 0.5;
  static final double LOCK_AND_FETCH_UPPER = 1.0;

  /**
   * Polling interval: the same 1 s as Quartz's smallest idle wait (db-scheduler's default: 10 s).
   */
  static final Duration POLLING_INTERVAL = Duration.ofSeconds(1);

  private static final int BATCH = 1000;

  private final Contender contender;
  private final HikariDataSource pool;
  private final Scheduler scheduler;
  private final OneTimeTask<Void> once;
  private final RecurringTask<Void> steady;
  private final int threads;
  private boolean started;

  DbSchedulerSubject(
      Contender contender, int threads, String jdbcUrl, String instanceName, RunSink sink) {
    this.contender = contender;
    this.threads = threads;
    this.pool = Postgres.pool(jdbcUrl, threads + 3, "db-scheduler");
    this.once =
        Tasks.oneTime("bench-once")
            .execute(
                (instance, context) ->
                    sink.ran(
                        Integer.parseInt(instance.getId()), context.getExecution().executionTime));
    this.steady =
        Tasks.recurring("bench-steady", Schedules.cron("* * * * * *"))
            .execute(
                (instance, context) ->
                    sink.ran(
                        Integer.parseInt(instance.getId()), context.getExecution().executionTime));
    SchedulerBuilder builder =
        Scheduler.create(pool, once, steady)
            .threads(threads)
            .pollingInterval(POLLING_INTERVAL)
            .schedulerName(new SchedulerName.Fixed(instanceName))
            .shutdownMaxWait(Duration.ofSeconds(10));
    if (contender == Contender.DBS_FETCH) {
      builder.pollUsingFetchAndLockOnExecute(FETCH_LOWER, FETCH_UPPER);
    } else {
      builder.pollUsingLockAndFetch(LOCK_AND_FETCH_LOWER, LOCK_AND_FETCH_UPPER);
    }
    this.scheduler = builder.build();
  }

  @Override
  void scheduleOnce(int n, IntFunction<Instant> due) {
    List<SchedulableInstance<?>> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(SchedulableInstance.of(once.instance(Integer.toString(i)), due.apply(i)));
      if (batch.size() == BATCH || i == n - 1) {
        scheduler.scheduleBatch(batch);
        batch = new ArrayList<>();
      }
    }
  }

  @Override
  void scheduleEverySecond(int n) {
    for (int i = 0; i < n; i++) {
      scheduler.schedule(steady.schedulableInstance(Integer.toString(i)));
    }
  }

  @Override
  void start() {
    scheduler.start();
    started = true;
  }

  @Override
  public void close() {
    if (started) {
      scheduler.stop();
    }
    pool.close();
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("contender", contender.label);
    settings.put("threads", Integer.toString(threads));
    settings.put("pollingInterval", POLLING_INTERVAL.toString());
    settings.put(
        "polling strategy",
        contender == Contender.DBS_FETCH
            ? "pollUsingFetchAndLockOnExecute(" + FETCH_LOWER + ", " + FETCH_UPPER + ") (default)"
            : "pollUsingLockAndFetch("
                + LOCK_AND_FETCH_LOWER
                + ", "
                + LOCK_AND_FETCH_UPPER
                + ") (recommended for PostgreSQL)");
    settings.put("connection pool", "HikariCP, " + (threads + 3) + " connections");
    settings.put("enableImmediateExecution", "off (default)");
    settings.put("history", "none kept (a finished one-time execution is deleted)");
    return settings;
  }
}
