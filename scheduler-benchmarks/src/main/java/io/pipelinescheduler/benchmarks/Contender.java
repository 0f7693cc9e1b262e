package io.pipelinescheduler.benchmarks;

/** The contenders, as they appear in the report. */
enum Contender {
  OURS_MEMORY("pipeline-scheduler (in memory)", false, null, false),
  OURS_SQLITE("pipeline-scheduler (SQLite)", true, null, false),
  OURS_POSTGRES("pipeline-scheduler (PostgreSQL)", true, null, false),
  OURS_CLUSTER(
      "pipeline-scheduler (PostgreSQL + Redis claims, every instance registers)",
      true,
      "redis",
      false),
  OURS_CLUSTER_DB(
      "pipeline-scheduler (PostgreSQL + database claims, every instance registers)",
      true,
      "database",
      false),
  OURS_CREATOR_REDIS(
      "pipeline-scheduler (PostgreSQL + Redis claims, one creator)", true, "redis", true),
  OURS_CREATOR_DB(
      "pipeline-scheduler (PostgreSQL + database claims, one creator)", true, "database", true),
  OURS_SQLITE_SHARED(
      "pipeline-scheduler (SQLite file shared by two JVMs + file claims)", true, "file", true),
  QUARTZ_RAM("Quartz 2.5 RAMJobStore", false, null, false),
  QUARTZ_JDBC("Quartz 2.5 JobStoreTX, clustered (PostgreSQL)", true, null, false),
  DBS_FETCH("db-scheduler 16 fetch (PostgreSQL)", true, null, false),
  DBS_LOCK_AND_FETCH("db-scheduler 16 lock-and-fetch (PostgreSQL)", true, null, false),
  /** The cold workload's floor in memory (see {@link JdkSubject}). */
  JDK_EXECUTOR("JDK ScheduledThreadPoolExecutor", false, null, false);

  final String label;
  final boolean persistent;

  /** Our lock backend in a cluster ({@code redis}, {@code database}, {@code file}); else null. */
  final String lockBackend;

  /**
   * Ours only: whether one instance creates the work as data-defined schedules of a job type that
   * every instance registers (else every instance registers the same code schedules).
   */
  final boolean oneCreator;

  Contender(String label, boolean persistent, String lockBackend, boolean oneCreator) {
    this.label = label;
    this.persistent = persistent;
    this.lockBackend = lockBackend;
    this.oneCreator = oneCreator;
  }

  boolean usesPostgres() {
    return this != OURS_MEMORY
        && this != OURS_SQLITE
        && this != OURS_SQLITE_SHARED
        && this != QUARTZ_RAM
        && this != JDK_EXECUTOR;
  }

  boolean usesSqlite() {
    return this == OURS_SQLITE || this == OURS_SQLITE_SHARED;
  }

  boolean usesRedis() {
    return "redis".equals(lockBackend);
  }

  boolean isOurs() {
    return name().startsWith("OURS");
  }
}
