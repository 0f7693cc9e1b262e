package io.pipelinescheduler.persistence;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleSlots;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StoredInstance;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.persistence.internal.StoreParts;
import io.pipelinescheduler.spi.ScheduleChanges;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent {@link ScheduleStore}: Hibernate ORM entities in SQLite (a file at {@link
 * SchedulerConfig#dbPath()}, the default) or PostgreSQL (when {@link SchedulerConfig#dbUrl()} is
 * set), through a HikariCP pool. {@link io.pipelinescheduler.PipelineScheduler} finds it through
 * {@link JpaScheduleStoreProvider}; adding {@code io.pipelinescheduler:scheduler-persistence} to
 * the class path is all it takes.
 *
 * <p>Tables {@code ps_schedules}, {@code ps_runs} and {@code ps_schema_version} are created on
 * first start and validated afterwards (see {@code docs/persistence.md} and the shipped {@code
 * schema-sqlite.sql} and {@code schema-postgresql.sql}). Instants are kept to the microsecond.
 *
 * <p>Thread-safe: every method runs in its own short transaction. On SQLite the writers of one
 * store take turns, and a file held by another process or store is waited for (busy timeout, then
 * retries with backoff for up to 30 s) rather than reported. Every method that cannot reach the
 * database throws a {@link SchedulerException} naming the file or URL (with the password masked)
 * within a few seconds; the pool reconnects by itself when the database is back. The guide is
 * {@code docs/persistence.md}.
 */
public final class JpaScheduleStore implements ScheduleStore {
  private static final Logger log = LoggerFactory.getLogger(JpaScheduleStore.class);

  /** The version of the schema this library creates and reads: {@value}. */
  public static final int SCHEMA_VERSION = StoreParts.SCHEMA_VERSION;

  private final StoreParts parts;

  private JpaScheduleStore(StoreParts parts) {
    this.parts = parts;
  }

  /**
   * Opens the store of a configuration: SQLite at {@code dbPath} (the file is created when missing;
   * its directory must exist), or PostgreSQL at {@code dbUrl} with {@code dbUser} and {@code
   * dbPassword}. Creates the schema in an empty database, validates it otherwise.
   *
   * @throws SchedulerException naming the file or URL when the directory is missing or read-only,
   *     the file is not a SQLite database (it is then left untouched), the database holds another
   *     application's tables or a newer schema version, or it cannot be reached
   * @throws NullPointerException when {@code config} is null
   */
  public static JpaScheduleStore open(SchedulerConfig config) {
    Objects.requireNonNull(config, "config");
    return new JpaScheduleStore(StoreParts.open(config));
  }

  /** {@code sqlite} or {@code postgresql}. */
  @Override
  public String name() {
    return parts.target().kind().id();
  }

  /**
   * Inserts the schedule, or replaces the stored one of the same name and increments its version,
   * in one statement.
   *
   * @throws io.pipelinescheduler.InvalidScheduleException when the definition holds values that are
   *     not JSON (only maps with string keys, lists, strings, numbers, booleans and null are kept)
   */
  @Override
  public void saveSchedule(StoredSchedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    parts.schedules().save(schedule);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction (all or none): upserts of 100 rows each, sent as one JDBC batch.
   *
   * @throws io.pipelinescheduler.InvalidScheduleException when a definition holds values that are
   *     not JSON; nothing is then written
   * @throws IllegalArgumentException when a name is given twice
   */
  @Override
  public void saveSchedules(List<StoredSchedule> schedules) {
    Objects.requireNonNull(schedules, "schedules");
    Set<String> names = new HashSet<>();
    for (StoredSchedule schedule : schedules) {
      if (!names.add(Objects.requireNonNull(schedule, "schedule").name())) {
        throw new IllegalArgumentException(
            "schedule '" + schedule.name() + "' is given twice to saveSchedules");
      }
    }
    parts.schedules().saveAll(schedules);
  }

  /** {@inheritDoc} One connection, one query per 500 names. */
  @Override
  public List<StoredSchedule> findSchedules(Collection<String> names) {
    Objects.requireNonNull(names, "names");
    return parts.schedules().findNamed(names);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One connection: one query per 500 names finds the schedules that have runs, then one history
   * query (served by {@code ps_runs_history}) for each of those.
   */
  @Override
  public Map<String, ExecutionRecord> findLatestRuns(Collection<String> names) {
    Objects.requireNonNull(names, "names");
    return parts.runs().latest(names);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One transaction on one connection: one query reads the row and the id of the latest run
   * (another reads that run when there is one), then one upsert (a second instance saving the same
   * name at once cannot make it fail).
   */
  @Override
  public StoredSchedule mergeSchedule(String name, ScheduleMerge merge) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(merge, "merge");
    return parts.schedules().merge(name, merge);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The definition comes back as JSON values: maps, lists, strings, {@code Integer} (or {@code
   * Long} when larger), {@code Double}, {@code Boolean} and null.
   */
  @Override
  public Optional<StoredSchedule> findSchedule(String name) {
    Objects.requireNonNull(name, "name");
    return parts.schedules().find(name);
  }

  @Override
  public List<StoredSchedule> findSchedules() {
    return parts.schedules().findAll();
  }

  /** {@inheritDoc} One query per 500 ids. */
  @Override
  public List<String> notRunning(Collection<String> runIds) {
    Objects.requireNonNull(runIds, "runIds");
    return parts.runs().notRunning(runIds);
  }

  @Override
  public void heartbeatInstance(StoredInstance instance) {
    Objects.requireNonNull(instance, "instance");
    parts.instances().heartbeat(instance);
  }

  @Override
  public List<StoredInstance> findInstances() {
    return parts.instances().findAll();
  }

  @Override
  public void removeInstance(String instanceId) {
    parts.instances().remove(instanceId);
  }

  /**
   * PostgreSQL: a connection of the pool that {@code LISTEN}s to the announcements of the schema's
   * trigger. SQLite: the change log the schema's triggers write, read four times a second.
   */
  @Override
  public Optional<ScheduleChanges> changes() {
    return Optional.of(parts.changeFeed().get());
  }

  /** {@inheritDoc} One query that reads only rows with a definition. */
  @Override
  public List<StoredSchedule> findDefinedSchedules() {
    return parts.schedules().findDefined();
  }

  /** {@inheritDoc} One query that reads only rows of that type. */
  @Override
  public List<StoredSchedule> findSchedulesOfType(ScheduleType type) {
    Objects.requireNonNull(type, "type");
    return parts.schedules().findOfType(type);
  }

  @Override
  public boolean deleteSchedule(String name) {
    Objects.requireNonNull(name, "name");
    return parts.schedules().delete(name);
  }

  @Override
  public void updateSlots(String name, Instant lastSlot, Instant nextRun) {
    Objects.requireNonNull(name, "name");
    parts.schedules().updateSlots(List.of(new ScheduleSlots(name, lastSlot, nextRun)));
  }

  /** {@inheritDoc} One transaction, one JDBC batch. */
  @Override
  public void updateSlots(List<ScheduleSlots> slots) {
    Objects.requireNonNull(slots, "slots");
    parts.schedules().updateSlots(slots);
  }

  @Override
  public void setEnabled(String name, boolean enabled) {
    Objects.requireNonNull(name, "name");
    parts.schedules().setEnabled(name, enabled);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The fence is the unique index {@code ps_runs_fence} on (schedule, slot, attempt), so it
   * holds across every instance sharing the database.
   *
   * @throws IllegalArgumentException when a run other than a manual one has no scheduled time
   */
  @Override
  public boolean insertRun(ExecutionRecord run) {
    Objects.requireNonNull(run, "run");
    return parts.runs().insert(List.of(run)).get(0);
  }

  /** {@inheritDoc} One transaction, one JDBC batch: all or none. */
  @Override
  public List<Boolean> insertRuns(List<ExecutionRecord> runs) {
    Objects.requireNonNull(runs, "runs");
    return parts.runs().insert(runs);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Writes the start, end, status, success, duration, error and output of a run still QUEUED or
   * RUNNING on the record's node (one conditional UPDATE); the schedule, slot, attempt and trigger
   * are those given to {@link #insertRun}. No-op for an unknown run id.
   */
  @Override
  public void updateRun(ExecutionRecord run) {
    Objects.requireNonNull(run, "run");
    updateRuns(List.of(run));
  }

  /** {@inheritDoc} One transaction, one JDBC batch. */
  @Override
  public void updateRuns(List<ExecutionRecord> runs) {
    Objects.requireNonNull(runs, "runs");
    List<Boolean> updated = parts.runs().update(runs);
    for (int i = 0; i < runs.size(); i++) {
      if (!updated.get(i)) {
        ExecutionRecord run = runs.get(i);
        log.warn(
            "run {} of schedule '{}' ended {} but has already ended in the store (abandoned by"
                + " another instance?) or was taken over by another instance; its stored record is"
                + " kept",
            run.runId(),
            run.scheduleName(),
            run.status());
      }
    }
  }

  /** {@inheritDoc} One transaction, one JDBC batch. */
  @Override
  public void markStarted(List<ExecutionRecord> runs) {
    Objects.requireNonNull(runs, "runs");
    parts.runs().start(runs);
  }

  /**
   * {@inheritDoc} One conditional UPDATE (status QUEUED and node the run's).
   *
   * @throws SchedulerException when the database cannot be reached
   */
  @Override
  public boolean startQueued(ExecutionRecord run) {
    Objects.requireNonNull(run, "run");
    return parts.runs().startQueued(run);
  }

  /** {@inheritDoc} Served by the index {@code ps_runs_history}. */
  @Override
  public List<ExecutionRecord> findHistory(String scheduleName, int limit) {
    Objects.requireNonNull(scheduleName, "scheduleName");
    return parts.runs().history(scheduleName, limit);
  }

  /** {@inheritDoc} One query, served by the index {@code ps_runs_status} when states are given. */
  @Override
  public List<ExecutionRecord> findRuns(Collection<ExecutionStatus> statuses, int limit) {
    Objects.requireNonNull(statuses, "statuses");
    return parts.runs().withStatus(statuses, limit);
  }

  @Override
  public Optional<ExecutionRecord> findRun(String runId) {
    Objects.requireNonNull(runId, "runId");
    return parts.runs().find(runId);
  }

  /**
   * Sets the heartbeat of those of these runs that are still QUEUED or RUNNING to {@code at};
   * unknown and finished runs are ignored. Call it regularly for the runs in flight on this
   * instance, so that other instances can tell them from runs whose instance died ({@link
   * #findStaleRunning}).
   */
  @Override
  public void heartbeat(Collection<String> runIds, Instant at) {
    Objects.requireNonNull(runIds, "runIds");
    Objects.requireNonNull(at, "at");
    parts.runs().heartbeat(runIds, at);
  }

  /**
   * The RUNNING runs, of any instance, whose latest heartbeat (or start, when they never had one)
   * is before {@code heartbeatBefore}: runs whose instance probably died. Oldest start first.
   *
   * @throws SchedulerException when the database cannot be reached
   */
  @Override
  public List<ExecutionRecord> findStaleRunning(Instant heartbeatBefore) {
    Objects.requireNonNull(heartbeatBefore, "heartbeatBefore");
    return parts.runs().staleRunning(heartbeatBefore);
  }

  /**
   * {@inheritDoc}
   *
   * @throws SchedulerException when the database cannot be reached
   */
  @Override
  public List<ExecutionRecord> findStaleQueued(Instant heartbeatBefore) {
    Objects.requireNonNull(heartbeatBefore, "heartbeatBefore");
    return parts.runs().staleQueued(heartbeatBefore);
  }

  /**
   * {@inheritDoc} One conditional UPDATE.
   *
   * @throws SchedulerException when the database cannot be reached
   */
  @Override
  public boolean takeOverQueued(String runId, String node, Instant at, Instant heartbeatBefore) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(heartbeatBefore, "heartbeatBefore");
    return parts.runs().takeOverQueued(runId, node, at, heartbeatBefore);
  }

  /**
   * Marks a run {@link ExecutionStatus#ABANDONED}, finished at {@code at} with {@code reason} as
   * its error, if it is still RUNNING. Of several instances marking the same run at once, exactly
   * one gets true, so only that one should retry it.
   *
   * @return true when this call marked it; false when it is unknown or no longer RUNNING
   * @throws SchedulerException when the database cannot be reached
   */
  @Override
  public boolean markAbandoned(String runId, Instant at, String reason) {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
    return parts.runs().markAbandoned(runId, at, reason);
  }

  /**
   * {@inheritDoc} Oldest finish first, in one short statement, so that a large backlog is removed
   * in small batches without holding the database. Returns 0 for a batch size below 1.
   */
  @Override
  public int deleteRunsFinishedBefore(Instant cutoff, int batchSize) {
    Objects.requireNonNull(cutoff, "cutoff");
    return parts.runs().deleteFinishedBefore(cutoff, batchSize);
  }

  /**
   * {@code type} ({@code sqlite}/{@code postgresql}), {@code url} (password masked), {@code file}
   * (SQLite), {@code schemaVersion}, {@code pool} (name, maximumSize, active, idle, total, waiting,
   * closed) and, once the SQLite file is known to be damaged, {@code damaged} (message, at). Does
   * not touch the database.
   */
  @Override
  public Map<String, Object> healthDetails() {
    return parts.healthDetails();
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code SELECT} on a pooled connection, waiting at most 2 s for the connection and 2 s
   * for the answer (on PostgreSQL a network timeout, so a dead or hung server fails fast). Fails at
   * once, without a query, once the SQLite file is known to be damaged: found by {@code PRAGMA
   * quick_check} at open, or by any call that met {@code SQLITE_CORRUPT}; that lasts until the
   * store is closed.
   *
   * @throws SchedulerException naming the file or URL
   */
  @Override
  public void ping() {
    parts.probe().ping();
  }

  /** Closes Hibernate and the connection pool; later calls throw. Idempotent. */
  @Override
  public void close() {
    parts.close();
  }

  /** The store's parts, for tests of this package that reach its pool. */
  StoreParts parts() {
    return parts;
  }

  @Override
  public String toString() {
    return "JpaScheduleStore[" + parts.target() + "]";
  }
}
