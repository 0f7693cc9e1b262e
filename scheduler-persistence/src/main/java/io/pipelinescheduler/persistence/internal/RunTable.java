package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.spi.StoredJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operations on {@code ps_runs}. */
public final class RunTable {
  private static final Logger log = LoggerFactory.getLogger(RunTable.class);

  /**
   * The history query, served by the index {@code ps_runs_history (schedule_name, started_at
   * DESC)}; parameters: the schedule name, the limit. Public so that tests can check its plan.
   */
  public static final String HISTORY_SQL =
      "SELECT * FROM ps_runs WHERE schedule_name = ? ORDER BY started_at DESC LIMIT ?";

  // Written at claim time (the first column is the key). Manual runs have a NULL fence_slot_at.
  private static final List<Jdbc.Column<ExecutionRecord>> INSERTED =
      List.of(
          Jdbc.Column.text("run_id", ExecutionRecord::runId),
          Jdbc.Column.text("schedule_name", ExecutionRecord::scheduleName),
          Jdbc.Column.bigint("scheduled_at", r -> Micros.of(r.scheduledTime())),
          Jdbc.Column.bigint(
              "fence_slot_at",
              r -> r.trigger() == Trigger.MANUAL ? null : Micros.of(r.scheduledTime())),
          Jdbc.Column.integer("attempt", ExecutionRecord::attempt),
          Jdbc.Column.text("run_trigger", r -> r.trigger().name()),
          Jdbc.Column.text("status", r -> r.status().name()),
          Jdbc.Column.bool("success", ExecutionRecord::success),
          Jdbc.Column.bigint("started_at", r -> Micros.of(r.startedAt())),
          Jdbc.Column.bigint("finished_at", r -> Micros.of(r.finishedAt())),
          Jdbc.Column.bigint("duration_us", r -> Micros.of(r.duration())),
          Jdbc.Column.text("error", r -> RowMapping.text(r.error())),
          Jdbc.Column.text("output", r -> RowMapping.text(r.output())),
          Jdbc.Column.text("node", ExecutionRecord::node),
          Jdbc.Column.text("steps", r -> RowMapping.text(StoredJson.writeSteps(r.steps()))));

  // The unique index ps_runs_fence is the final fence: a second run of one (schedule, slot,
  // attempt) is not inserted. NULL fence slots (manual runs) never collide.
  private static final String FENCE =
      "ON CONFLICT (schedule_name, fence_slot_at, attempt) DO NOTHING";

  // Written when a run ends.
  private static final List<Jdbc.Column<ExecutionRecord>> FINISHED =
      List.of(
          Jdbc.Column.bigint("started_at", r -> Micros.of(r.startedAt())),
          Jdbc.Column.bigint("finished_at", r -> Micros.of(r.finishedAt())),
          Jdbc.Column.text("status", r -> r.status().name()),
          Jdbc.Column.bool("success", ExecutionRecord::success),
          Jdbc.Column.bigint("duration_us", r -> Micros.of(r.duration())),
          Jdbc.Column.text("error", r -> RowMapping.text(r.error())),
          Jdbc.Column.text("output", r -> RowMapping.text(r.output())),
          Jdbc.Column.text("steps", r -> RowMapping.text(StoredJson.writeSteps(r.steps()))));

  // A run's start and end are written only to its row while the row is still the run's node's:
  // once another instance took a QUEUED run over (takeOverQueued), the row is that instance's.
  private static final List<Jdbc.Column<ExecutionRecord>> RUN_OF_NODE =
      List.of(INSERTED.get(0), Jdbc.Column.text("node", ExecutionRecord::node));

  // Written when a worker starts a QUEUED run.
  private static final List<Jdbc.Column<ExecutionRecord>> STARTED =
      List.of(
          Jdbc.Column.bigint("started_at", r -> Micros.of(r.startedAt())),
          Jdbc.Column.text("status", r -> r.status().name()));

  // Only a run not yet ended is finished: one marked ABANDONED by another instance keeps that. A
  // run may end while still QUEUED in the table (its start not yet written, or never: cancelled).
  private static final String NOT_ENDED = "status IN ('QUEUED', 'RUNNING')";

  // Only a run still QUEUED is started: one that ended meanwhile keeps its end.
  private static final String STILL_QUEUED = "status = 'QUEUED'";

  private static final String DELETE_FINISHED =
      "DELETE FROM ps_runs WHERE run_id IN (SELECT run_id FROM ps_runs WHERE finished_at < :cutoff"
          + " ORDER BY finished_at LIMIT :batch)";

  private static final int IDS_PER_STATEMENT = 500;
  private static final String RUNNING = ExecutionStatus.RUNNING.name();
  private static final String QUEUED = ExecutionStatus.QUEUED.name();
  private static final List<String> NOT_ENDED_STATUSES = List.of(QUEUED, RUNNING);
  private static final String NOT_ENDED_SQL = "('" + QUEUED + "', '" + RUNNING + "')";

  // A run whose heartbeat (or start or claim, when it never had one) is older than :before.
  private static final String STALE =
      "(r.heartbeatAt < :before or (r.heartbeatAt is null and r.startedAt < :before))";

  private final StoreCalls calls;
  private final Dialect dialect;

  RunTable(StoreCalls calls, Dialect dialect) {
    this.calls = calls;
    this.dialect = dialect;
  }

  /** The store's calls, shared with {@code ps_claims} so that SQLite writers take turns. */
  StoreCalls calls() {
    return calls;
  }

  /**
   * Records runs at claim time in one transaction; for each, false when the fence already holds its
   * (schedule, slot, attempt).
   */
  public List<Boolean> insert(List<ExecutionRecord> runs) {
    for (ExecutionRecord run : runs) {
      if (run.trigger() != Trigger.MANUAL && run.scheduledTime() == null) {
        throw new IllegalArgumentException(
            "run " + run.runId() + ": a " + run.trigger() + " run needs its scheduledTime (slot)");
      }
    }
    if (runs.isEmpty()) {
      return List.of();
    }
    // Over JDBC: the first run after a start is recorded without waiting for Hibernate's boot.
    return calls.writeJdbc(
        "recording " + describe(runs),
        true,
        connection -> dialect.insert(connection, "ps_runs", INSERTED, FENCE, runs));
  }

  /**
   * Sends the claim-time insert and the start and end updates once each with no rows, in one
   * transaction that changes nothing, so that the first claim after {@code start()} does not wait
   * for the driver to load its array encoders and for this path to be linked (a few milliseconds of
   * a cold JVM on PostgreSQL; see docs/benchmarks.md, issue 20, fourth round).
   */
  void warmUp() {
    List<ExecutionRecord> none = List.of();
    try {
      calls.writeJdbc(
          "preparing the run writes",
          true,
          connection -> {
            dialect.insert(connection, "ps_runs", INSERTED, FENCE, none);
            dialect.update(connection, "ps_runs", STARTED, RUN_OF_NODE, STILL_QUEUED, none);
            return dialect.update(connection, "ps_runs", FINISHED, RUN_OF_NODE, NOT_ENDED, none);
          });
    } catch (RuntimeException e) {
      // A role that may only read, or a standby, refuses even an empty write: the store still
      // opens (for reading, as the CLI does), and a write fails later where it is asked for.
      log.debug("pipeline-scheduler: the run writes were not prepared: {}", e.toString());
    }
  }

  /**
   * Finishes runs that are still QUEUED or RUNNING on the run's node in one transaction; for each,
   * false when it was not (e.g. abandoned meanwhile, or taken over by another instance).
   */
  public List<Boolean> update(List<ExecutionRecord> runs) {
    if (runs.isEmpty()) {
      return List.of();
    }
    return calls.writeJdbc(
        "finishing " + describe(runs),
        true,
        connection ->
            dialect.update(connection, "ps_runs", FINISHED, RUN_OF_NODE, NOT_ENDED, runs));
  }

  /**
   * Marks runs that are still QUEUED on the run's node as RUNNING from their start instant, in one
   * transaction; for each, false when it was not (ended meanwhile, already started, or taken over).
   */
  public List<Boolean> start(List<ExecutionRecord> runs) {
    if (runs.isEmpty()) {
      return List.of();
    }
    return calls.writeJdbc(
        "starting " + describe(runs),
        true,
        connection ->
            dialect.update(connection, "ps_runs", STARTED, RUN_OF_NODE, STILL_QUEUED, runs));
  }

  /**
   * Marks one run RUNNING from its start instant, in one conditional statement, only if it is still
   * QUEUED and its node is still the run's: false when it was taken over, started or ended.
   */
  public boolean startQueued(ExecutionRecord run) {
    return calls.write(
        "starting queued run " + run.runId(),
        session ->
            session
                    .createMutationQuery(
                        "update RunRow r set r.status = :running, r.startedAt = :at"
                            + " where r.runId = :runId and r.status = :queued and r.node = :node")
                    .setParameter("running", RUNNING)
                    .setParameter("at", run.startedAt())
                    .setParameter("runId", run.runId())
                    .setParameter("queued", QUEUED)
                    .setParameter("node", run.node())
                    .executeUpdate()
                == 1);
  }

  private static String describe(List<ExecutionRecord> runs) {
    return runs.size() == 1
        ? "run " + runs.get(0).runId()
        : runs.size() + " runs, the first " + runs.get(0).runId();
  }

  public List<ExecutionRecord> history(String scheduleName, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return calls.read(
        "reading the history of schedule '" + scheduleName + "'",
        session ->
            session
                .createNativeQuery(HISTORY_SQL, RunRow.class)
                .setParameter(1, scheduleName)
                .setParameter(2, limit)
                .getResultList()
                .stream()
                .map(RowMapping::run)
                .toList());
  }

  /**
   * The latest {@code limit} runs of any schedule in these states (every state when none), newest
   * first, over JDBC: one query, served by the index {@code ps_runs_status} when states are given.
   */
  public List<ExecutionRecord> withStatus(Collection<ExecutionStatus> statuses, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    List<ExecutionStatus> states = List.copyOf(new LinkedHashSet<>(statuses));
    String where =
        states.isEmpty()
            ? ""
            : " WHERE status IN ("
                + String.join(", ", Collections.nCopies(states.size(), "?"))
                + ")";
    String sql = "SELECT * FROM ps_runs" + where + " ORDER BY started_at DESC, run_id LIMIT ?";
    return calls.readJdbc(
        "reading the latest runs in states " + states,
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < states.size(); i++) {
              query.setString(i + 1, states.get(i).name());
            }
            query.setInt(states.size() + 1, limit);
            List<ExecutionRecord> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                found.add(RowMapping.run(rows));
              }
            }
            return found;
          }
        });
  }

  /**
   * The latest run of each of these schedules that has one, over JDBC on one connection: one query
   * per chunk of names finds which have runs, then the history query (limit 1) reads each of those.
   */
  public Map<String, ExecutionRecord> latest(Collection<String> scheduleNames) {
    List<String> names = List.copyOf(new LinkedHashSet<>(scheduleNames));
    if (names.isEmpty()) {
      return Map.of();
    }
    return calls.readJdbc(
        "reading the latest runs of " + names.size() + " schedules",
        connection -> {
          List<String> withRuns =
              Jdbc.selectIn(
                  connection,
                  "SELECT DISTINCT schedule_name FROM ps_runs WHERE schedule_name",
                  names,
                  rows -> rows.getString(1));
          Map<String, ExecutionRecord> latest = new HashMap<>();
          for (String name : withRuns) {
            latest(connection, name).ifPresent(run -> latest.put(name, run));
          }
          return latest;
        });
  }

  /** The latest run of a schedule (the history query, limit 1) on this connection. */
  private static Optional<ExecutionRecord> latest(Connection connection, String scheduleName)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(HISTORY_SQL)) {
      query.setString(1, scheduleName);
      query.setInt(2, 1);
      return first(query);
    }
  }

  /** One run by id, on this connection. */
  static Optional<ExecutionRecord> find(Connection connection, String runId) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT * FROM ps_runs WHERE run_id = ?")) {
      query.setString(1, runId);
      return first(query);
    }
  }

  private static Optional<ExecutionRecord> first(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(RowMapping.run(rows)) : Optional.empty();
    }
  }

  public Optional<ExecutionRecord> find(String runId) {
    return calls.read(
        "reading run " + runId,
        session -> Optional.ofNullable(session.get(RunRow.class, runId)).map(RowMapping::run));
  }

  /**
   * Sets the heartbeat of those runs that have not ended. On PostgreSQL a row another transaction
   * is writing (its start or end, a takeover) is left out rather than waited for: that write is
   * newer news of the run, and a heartbeat that waited while holding the rows it had already
   * updated could deadlock with a batch of ends updating the same rows in another order.
   */
  public void heartbeat(Collection<String> runIds, Instant at) {
    List<String> ids = List.copyOf(runIds);
    if (ids.isEmpty()) {
      return;
    }
    calls.writeJdbc(
        "recording the heartbeat of " + ids.size() + " run(s)",
        true,
        connection -> {
          for (List<String> chunk : chunks(ids)) {
            String sql =
                "UPDATE ps_runs SET heartbeat_at = ? WHERE run_id IN (SELECT run_id FROM ps_runs"
                    + " WHERE run_id IN ("
                    + placeholders(chunk.size())
                    + ") AND status IN "
                    + NOT_ENDED_SQL
                    + dialect.skipLocked()
                    + ")";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
              update.setLong(1, Micros.of(at));
              for (int i = 0; i < chunk.size(); i++) {
                update.setString(i + 2, chunk.get(i));
              }
              update.executeUpdate();
            }
          }
          return null;
        });
  }

  /** Of these run ids, those stored with a final status (one query per 500 ids). */
  public List<String> notRunning(Collection<String> runIds) {
    List<String> ids = List.copyOf(runIds);
    if (ids.isEmpty()) {
      return List.of();
    }
    return calls.readJdbc(
        "reading the status of " + ids.size() + " run(s)",
        connection -> {
          List<String> ended = new ArrayList<>();
          for (List<String> chunk : chunks(ids)) {
            String sql =
                "SELECT run_id FROM ps_runs WHERE run_id IN ("
                    + placeholders(chunk.size())
                    + ") AND status NOT IN "
                    + NOT_ENDED_SQL;
            try (PreparedStatement query = connection.prepareStatement(sql)) {
              for (int i = 0; i < chunk.size(); i++) {
                query.setString(i + 1, chunk.get(i));
              }
              try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                  ended.add(rows.getString(1));
                }
              }
            }
          }
          return ended;
        });
  }

  public List<ExecutionRecord> staleRunning(Instant heartbeatBefore) {
    return stale(RUNNING, heartbeatBefore);
  }

  /** QUEUED runs (claimed, never started) whose heartbeat or claim is older than the instant. */
  public List<ExecutionRecord> staleQueued(Instant heartbeatBefore) {
    return stale(QUEUED, heartbeatBefore);
  }

  private List<ExecutionRecord> stale(String status, Instant heartbeatBefore) {
    return calls.read(
        "reading " + status + " runs without a heartbeat since " + heartbeatBefore,
        session ->
            session
                .createSelectionQuery(
                    "from RunRow r where r.status = :status and " + STALE + " order by r.startedAt",
                    RunRow.class)
                .setParameter("status", status)
                .setParameter("before", heartbeatBefore)
                .getResultList()
                .stream()
                .map(RowMapping::run)
                .toList());
  }

  /**
   * Gives a QUEUED run whose heartbeat is still older than {@code heartbeatBefore} to {@code node},
   * with a heartbeat at {@code at}, in one conditional statement: of several instances, exactly one
   * changes the row.
   */
  public boolean takeOverQueued(String runId, String node, Instant at, Instant heartbeatBefore) {
    return calls.write(
        "taking over queued run " + runId,
        session ->
            session
                    .createMutationQuery(
                        "update RunRow r set r.node = :node, r.heartbeatAt = :at"
                            + " where r.runId = :runId and r.status = :queued and "
                            + STALE)
                    .setParameter("node", node)
                    .setParameter("at", at)
                    .setParameter("runId", runId)
                    .setParameter("queued", QUEUED)
                    .setParameter("before", heartbeatBefore)
                    .executeUpdate()
                == 1);
  }

  public boolean markAbandoned(String runId, Instant at, String reason) {
    return calls.write(
        "marking run " + runId + " abandoned",
        session -> {
          RunRow row = session.get(RunRow.class, runId);
          if (row == null || !RUNNING.equals(row.status)) {
            return false;
          }
          Duration ran =
              row.startedAt == null || at.isBefore(row.startedAt)
                  ? Duration.ZERO
                  : Duration.between(row.startedAt, at);
          return session
                  .createMutationQuery(
                      "update RunRow r set r.status = :abandoned, r.success = false,"
                          + " r.finishedAt = :at, r.durationMicros = :duration, r.error = :reason"
                          + " where r.runId = :runId and r.status = :running")
                  .setParameter("abandoned", ExecutionStatus.ABANDONED.name())
                  .setParameter("at", at)
                  .setParameter("duration", Micros.of(ran))
                  .setParameter("reason", RowMapping.text(reason))
                  .setParameter("runId", runId)
                  .setParameter("running", RUNNING)
                  .executeUpdate()
              == 1;
        });
  }

  public int deleteFinishedBefore(Instant cutoff, int batchSize) {
    if (batchSize <= 0) {
      return 0;
    }
    return calls.write(
        "deleting runs finished before " + cutoff,
        session ->
            session
                .createNativeMutationQuery(DELETE_FINISHED)
                .setParameter("cutoff", Micros.of(cutoff), Long.class)
                .setParameter("batch", batchSize, Integer.class)
                .executeUpdate());
  }

  /** {@code count} JDBC parameters, comma-separated. */
  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  /** Ids (or names), in chunks small enough for one statement's parameters. */
  static List<List<String>> chunks(List<String> ids) {
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
      chunks.add(ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT)));
    }
    return chunks;
  }
}
