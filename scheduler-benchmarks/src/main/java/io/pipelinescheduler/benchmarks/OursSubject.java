package io.pipelinescheduler.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/** pipeline-scheduler: in memory, SQLite, PostgreSQL, or PostgreSQL with the redis lock backend. */
final class OursSubject extends Subject {
  /** The job type of the one-shots a single creator makes for the others. */
  static final String JOB_TYPE = "bench";

  private static final String SQLITE_URL = "jdbc:sqlite:";

  private final PipelineScheduler scheduler;
  private final RunSink sink;
  private final SchedulerConfig config;
  private final Contender contender;
  private final String jdbcUrl;

  /**
   * @param jdbcUrl where the history can be counted afterwards (PostgreSQL or {@code
   *     jdbc:sqlite:<file>}), or null
   */
  private OursSubject(Contender contender, SchedulerConfig config, RunSink sink, String jdbcUrl) {
    this.contender = contender;
    this.config = config;
    this.sink = sink;
    this.jdbcUrl = jdbcUrl;
    this.scheduler = PipelineScheduler.create(config);
  }

  /** In memory: {@code persistSchedules(false)}. */
  static OursSubject memory(int threads, RunSink sink) {
    return new OursSubject(
        Contender.OURS_MEMORY, base(threads, "bench").persistSchedules(false).build(), sink, null);
  }

  /** Persistent in a SQLite file (the default store). */
  static OursSubject sqlite(int threads, Path file, RunSink sink) {
    return new OursSubject(
        Contender.OURS_SQLITE,
        base(threads, "bench").dbPath(file).build(),
        sink,
        "jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * Persistent in a SQLite file reached through the application's pool {@code dataSource} (which
   * the scheduler never closes).
   */
  static OursSubject sqlite(int threads, javax.sql.DataSource dataSource, Path file, RunSink sink) {
    return new OursSubject(
        Contender.OURS_SQLITE,
        base(threads, "bench").dataSource(dataSource).build(),
        sink,
        "jdbc:sqlite:" + file.toAbsolutePath());
  }

  /** Persistent in PostgreSQL, one instance. */
  static OursSubject postgres(int threads, String jdbcUrl, RunSink sink) {
    return new OursSubject(
        Contender.OURS_POSTGRES,
        base(threads, "bench").dbUrl(jdbcUrl).dbUser(Postgres.USER).build(),
        sink,
        jdbcUrl);
  }

  /**
   * One instance of a cluster: a shared store ({@code jdbc:postgresql:…}, or {@code jdbc:sqlite:}
   * and a file shared with the other JVMs) and the contender's lock backend.
   *
   * @param target the Redis URL for {@code redis}, the shared lock directory for {@code file},
   *     ignored for {@code database}
   * @param withJobType whether this instance registers the job type {@value #JOB_TYPE} (and so can
   *     run the one-shots a creator makes)
   */
  static OursSubject cluster(
      Contender contender,
      int threads,
      String jdbcUrl,
      String target,
      String instanceId,
      boolean withJobType,
      RunSink sink) {
    SchedulerConfig.Builder config =
        base(threads, instanceId)
            .distributed(true)
            .lockBackend(contender.lockBackend)
            // Instances see one another within a second of starting (the default is 10 s).
            .heartbeatInterval(CLUSTER_HEARTBEAT);
    if (jdbcUrl.startsWith(SQLITE_URL)) {
      config.dbPath(Path.of(jdbcUrl.substring(SQLITE_URL.length())));
    } else {
      config.dbUrl(jdbcUrl).dbUser(Postgres.USER);
    }
    if (contender.lockBackend.equals("redis")) {
      config.redisUrl(target);
    } else if (contender.lockBackend.equals("file")) {
      config.lockDirectory(Path.of(target));
    }
    OursSubject subject = new OursSubject(contender, config.build(), sink, jdbcUrl);
    if (withJobType) {
      subject.scheduler.registerJobType(
          JOB_TYPE,
          (context, params) ->
              sink.ran(((Number) params.get("i")).intValue(), context.scheduledTime()));
    }
    return subject;
  }

  /** The heartbeat of our cluster instances: how soon they see one another. */
  static final Duration CLUSTER_HEARTBEAT = Duration.ofSeconds(1);

  private static SchedulerConfig.Builder base(int threads, String instanceId) {
    return SchedulerConfig.builder()
        .maxConcurrentRuns(threads)
        .instanceId(instanceId)
        .shutdownGrace(Duration.ofSeconds(10))
        .meterRegistry(new SimpleMeterRegistry());
  }

  /**
   * Registers the one-shots as code schedules, or, for a one-creator contender, creates them as
   * data-defined schedules of {@value #JOB_TYPE} that any instance with the type can run.
   */
  @Override
  void scheduleOnce(int n, IntFunction<Instant> due) {
    if (contender.oneCreator) {
      createOneShots(n, due);
      return;
    }
    if (contender.lockBackend != null) {
      // A cluster instance registers while it runs (see ClusterNode): one batch.
      scheduleOnceInOneBatch(n, due);
      return;
    }
    for (int i = 0; i < n; i++) {
      int id = i;
      scheduler
          .schedule("once-" + id)
          .once(due.apply(id))
          .run(ctx -> sink.ran(id, ctx.scheduledTime()));
    }
  }

  /** Registers the one-shots {@link #scheduleOnce} registers, in one {@code scheduleAll}. */
  void scheduleOnceInOneBatch(int n, IntFunction<Instant> due) {
    scheduler.scheduleAll(
        batch -> {
          for (int i = 0; i < n; i++) {
            int id = i;
            batch
                .schedule("once-" + id)
                .once(due.apply(id))
                .run(ctx -> sink.ran(id, ctx.scheduledTime()));
          }
        });
  }

  /**
   * The one creator's work: one-shot {@code w-i} of {@value #JOB_TYPE} with {@code i = i}, in one
   * {@code scheduleAll}.
   */
  private void createOneShots(int n, IntFunction<Instant> due) {
    scheduler.scheduleAll(
        batch -> {
          for (int i = 0; i < n; i++) {
            batch.schedule("w-" + i).once(due.apply(i)).run(JOB_TYPE, Map.of("i", i));
          }
        });
  }

  /** Creates one data-defined one-shot of {@value #JOB_TYPE}, its parameter {@code i}. */
  void createOneShot(String name, Instant due, int i) {
    scheduler.schedule(name).once(due).run(JOB_TYPE, Map.of("i", i));
  }

  /**
   * Waits until this instance sees {@code instances} live instances (itself included) in the
   * store's table of instances, polling its health; false when it did not within the timeout.
   */
  boolean awaitLive(int instances, Duration timeout) throws InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      Object live = scheduler.healthCheck().details().get("liveInstances");
      if (live instanceof java.util.List<?> list && list.size() >= instances) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  void scheduleEverySecond(int n) {
    for (int i = 0; i < n; i++) {
      int id = i;
      scheduler
          .schedule("steady-" + id)
          .every(Duration.ofSeconds(1))
          .run(ctx -> sink.ran(id, ctx.scheduledTime()));
    }
  }

  @Override
  void start() {
    scheduler.start();
  }

  @Override
  public void close() {
    scheduler.close();
  }

  /** Finished runs recorded in the store, read after close. */
  @Override
  long historyRows() {
    if (jdbcUrl != null) {
      return Postgres.count(jdbcUrl, "SELECT count(*) FROM ps_runs WHERE status = 'SUCCEEDED'");
    }
    return -1;
  }

  PipelineScheduler scheduler() {
    return scheduler;
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("contender", contender.label);
    settings.put(
        "maxConcurrentRuns (worker threads)", Integer.toString(config.maxConcurrentRuns()));
    settings.put("persistSchedules", Boolean.toString(config.persistSchedules()));
    if (config.persistSchedules()) {
      settings.put(
          "store",
          config.dbUrl() != null
              ? "PostgreSQL, pool of min(10, maxConcurrentRuns) connections"
              : "SQLite file (WAL, synchronous=NORMAL), pool of 4");
      settings.put(
          "history",
          "every run: one row inserted when claimed (QUEUED), its start and end updated behind"
              + " the workers (one update when both wait together; in batches of up to 500 rows"
              + " per transaction when many come together)");
    }
    settings.put("distributed", Boolean.toString(config.distributed()));
    if (config.distributed()) {
      settings.put(
          "lockBackend",
          config.lockBackendName()
              + (config.lockBackendName().equals("redis") ? " (Redisson)" : ""));
      settings.put(
          "work",
          contender.oneCreator
              ? "one instance creates data-defined one-shots of job type '"
                  + JOB_TYPE
                  + "', which every instance registers"
              : "every instance registers the same code one-shots");
    }
    if (config.distributed()) {
      settings.put(
          "heartbeatInterval / heartbeatTimeout",
          config.heartbeatInterval() + " / " + config.heartbeatTimeout());
    }
    settings.put("misfireGrace", config.misfireGrace().toString());
    settings.put("claimAhead", config.claimAhead() + " (in effect with a persistent store)");
    settings.put("refreshInterval", config.refreshInterval().toString());
    settings.put("meterRegistry", "SimpleMeterRegistry (own)");
    return settings;
  }
}
