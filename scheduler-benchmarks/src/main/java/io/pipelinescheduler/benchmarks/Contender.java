package io.pipelinescheduler.benchmarks;

/** The contenders, as they appear in the report. */
enum Contender {
  OURS_MEMORY("pipeline-scheduler (in memory)", false),
  OURS_SQLITE("pipeline-scheduler (SQLite)", true),
  OURS_POSTGRES("pipeline-scheduler (PostgreSQL)", true),
  OURS_CLUSTER("pipeline-scheduler (PostgreSQL + Redis lock)", true),
  QUARTZ_RAM("Quartz 2.5 RAMJobStore", false),
  QUARTZ_JDBC("Quartz 2.5 JobStoreTX, clustered (PostgreSQL)", true),
  DBS_FETCH("db-scheduler 16 fetch (PostgreSQL)", true),
  DBS_LOCK_AND_FETCH("db-scheduler 16 lock-and-fetch (PostgreSQL)", true);

  final String label;
  final boolean persistent;

  Contender(String label, boolean persistent) {
    this.label = label;
    this.persistent = persistent;
  }

  boolean usesPostgres() {
    return this != OURS_MEMORY && this != OURS_SQLITE && this != QUARTZ_RAM;
  }

  boolean isOurs() {
    return name().startsWith("OURS");
  }
}
