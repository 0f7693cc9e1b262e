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

  /** Persistent in PostgreSQL, one instance. */
  static OursSubject postgres(int threads, String jdbcUrl, RunSink sink) {
    return new OursSubject(
        Contender.OURS_POSTGRES,
        base(threads, "bench").dbUrl(jdbcUrl).dbUser(Postgres.USER).build(),
        sink,
        jdbcUrl);
  }

  /** One instance of a cluster: PostgreSQL store, {@code redis} lock backend. */
  static OursSubject cluster(
      int threads, String jdbcUrl, String redisUrl, String instanceId, RunSink sink) {
    return new OursSubject(
        Contender.OURS_CLUSTER,
        base(threads, instanceId)
            .dbUrl(jdbcUrl)
            .dbUser(Postgres.USER)
            .distributed(true)
            .lockBackend("redis")
            .redisUrl(redisUrl)
            .build(),
        sink,
        jdbcUrl);
  }

  private static SchedulerConfig.Builder base(int threads, String instanceId) {
    return SchedulerConfig.builder()
        .maxConcurrentRuns(threads)
        .instanceId(instanceId)
        .shutdownGrace(Duration.ofSeconds(10))
        .meterRegistry(new SimpleMeterRegistry());
  }

  @Override
  void scheduleOnce(int n, IntFunction<Instant> due) {
    for (int i = 0; i < n; i++) {
      int id = i;
      scheduler
          .schedule("once-" + id)
          .once(due.apply(id))
          .run(ctx -> sink.ran(id, ctx.scheduledTime()));
    }
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
      settings.put("lockBackend", config.lockBackendName() + " (Redisson)");
    }
    settings.put("misfireGrace", config.misfireGrace().toString());
    settings.put("claimAhead", config.claimAhead() + " (in effect with a persistent store)");
    settings.put("refreshInterval", config.refreshInterval().toString());
    settings.put("meterRegistry", "SimpleMeterRegistry (own)");
    return settings;
  }
}
