package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the schema on first start and validates it later: the tables, their columns, the indexes
 * and the version row. A database whose schema is newer than this library refuses to start.
 */
final class SchemaManager {
  /** The schema version this library reads and writes. */
  static final int VERSION = 4;

  /** Every table and the columns the store reads and writes. */
  static final Map<String, List<String>> COLUMNS = columns();

  /** The indexes of {@code ps_runs}. */
  static final List<String> INDEXES =
      List.of("ps_runs_fence", "ps_runs_history", "ps_runs_status", "ps_runs_finished");

  private static final Logger log = LoggerFactory.getLogger(SchemaManager.class);
  // Serializes the first start of several instances on one PostgreSQL database ("ps" in ASCII).
  private final StoreCalls calls;
  private final DatabaseTarget target;
  private final StoreProbe probe;
  private final Dialect dialect;

  SchemaManager(StoreCalls calls, DatabaseTarget target, StoreProbe probe) {
    this.calls = calls;
    this.target = target;
    this.probe = probe;
    this.dialect = target.kind().dialect();
  }

  private static Map<String, List<String>> columns() {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    columns.put("ps_schema_version", List.of("version", "installed_at", "description"));
    columns.put(
        "ps_schedules",
        List.of(
            "name",
            "schedule_type",
            "spec",
            "zone_id",
            "enabled",
            "anchor_at",
            "last_slot_at",
            "next_run_at",
            "definition",
            "version",
            "time_of_day",
            "start_date",
            "command",
            "arguments",
            "job_type"));
    columns.put(
        "ps_runs",
        List.of(
            "run_id",
            "schedule_name",
            "scheduled_at",
            "fence_slot_at",
            "attempt",
            "run_trigger",
            "status",
            "success",
            "started_at",
            "finished_at",
            "duration_us",
            "error",
            "output",
            "node",
            "heartbeat_at",
            "steps"));
    columns.put(
        "ps_instances",
        List.of("instance_id", "started_at", "heartbeat_at", "job_types", "code_digest"));
    columns.put("ps_claims", List.of("claim_key", "owner", "running", "expires_at", "lease_until"));
    return Map.copyOf(columns);
  }

  /**
   * Creates the schema when the database has none, then checks its version, tables and indexes.
   *
   * @throws SchedulerException naming the database when the schema is newer, older, partial or
   *     foreign, or the database cannot be read
   */
  void prepare(Instant now) {
    calls.writeJdbc("preparing the schema", true, connection -> prepareIn(connection, now));
    dialect.afterSchema(calls, probe, target);
  }

  // Plain JDBC, so that the store opens without waiting for Hibernate's boot.
  private Void prepareIn(Connection connection, Instant now) throws SQLException {
    dialect.lockSchema(connection);
    Set<String> tables = tables(connection);
    if (!tables.contains("ps_schema_version")) {
      refuseForeignOrPartial(tables);
      applyScript(connection, now, "created by pipeline-scheduler scheduler-persistence");
      log.info("{}: created the pipeline-scheduler schema, version {}", target, VERSION);
    }
    Integer found = version(connection);
    if (found != null && found >= 1 && found < VERSION) {
      migrate(connection, found, now);
      found = VERSION;
    }
    checkVersion(found);
    validate(connection);
    return null;
  }

  /**
   * Brings a schema of an older version up to this one. Every statement of the shipped script is
   * idempotent (IF NOT EXISTS, OR REPLACE), so running it adds what the newer version has: version
   * 2 added ps_instances, ps_claims and the change announcements of ps_schedules. Version 3 added
   * the readable columns of ps_schedules, which {@link ScheduleColumnsUpgrade} adds first; version
   * 4 the steps column of ps_runs, which {@link RunStepsUpgrade} adds.
   */
  private void migrate(Connection connection, int from, Instant now) throws SQLException {
    ScheduleColumnsUpgrade.apply(connection, target.kind());
    RunStepsUpgrade.apply(connection, target.kind());
    applyScript(connection, now, "migrated from version " + from + " by scheduler-persistence");
    log.info(
        "{}: migrated the pipeline-scheduler schema from version {} to {}", target, from, VERSION);
  }

  /** Runs the shipped script and records this version with the description. */
  private void applyScript(Connection connection, Instant now, String description)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : SchemaScript.statements(target.kind())) {
        statement.execute(ddl);
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO ps_schema_version (version, installed_at, description) VALUES (?, ?, ?)")) {
      insert.setInt(1, VERSION);
      insert.setLong(2, Micros.of(now));
      insert.setString(3, description);
      insert.executeUpdate();
    }
  }

  private static Integer version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT max(version) FROM ps_schema_version")) {
      int version = rows.next() ? rows.getInt(1) : 0;
      return rows.wasNull() ? null : version;
    }
  }

  private void refuseForeignOrPartial(Set<String> tables) {
    Set<String> ours = new TreeSet<>(tables);
    ours.retainAll(COLUMNS.keySet());
    if (!ours.isEmpty()) {
      throw new SchedulerException(
          target
              + " has the tables "
              + ours
              + " but no ps_schema_version: its pipeline-scheduler schema is incomplete; restore"
              + " it from a backup, or apply "
              + target.kind().schemaResource()
              + " and insert the version row ("
              + VERSION
              + ")");
    }
    // the application's own pool: its tables are expected beside ours
    if (dialect.refusesForeignTables() && !target.sharedWithApplication() && !tables.isEmpty()) {
      throw new SchedulerException(
          target
              + " is a database of another application (it has the tables "
              + first(tables, 5)
              + " and no pipeline-scheduler schema); it was left untouched; set dbPath"
              + " (SCHEDULER_DB_PATH) to a new file");
    }
  }

  private void checkVersion(Integer version) {
    if (version == null) {
      throw new SchedulerException(
          target
              + ": table ps_schema_version is empty; insert the version row ("
              + VERSION
              + ") of the schema it holds");
    }
    if (version > VERSION) {
      throw new SchedulerException(
          target
              + " has pipeline-scheduler schema version "
              + version
              + ", newer than version "
              + VERSION
              + " that this scheduler-persistence supports; upgrade"
              + " io.pipelinescheduler:scheduler-persistence, or point the scheduler at another"
              + " database");
    }
    if (version < VERSION) {
      throw new SchedulerException(
          target
              + " has pipeline-scheduler schema version "
              + version
              + ", older than version "
              + VERSION
              + " that this scheduler-persistence needs, and no migration from it exists");
    }
  }

  private void validate(Connection connection) throws SQLException {
    Map<String, List<String>> expected = new LinkedHashMap<>(COLUMNS);
    expected.putAll(dialect.ownTables());
    for (Map.Entry<String, List<String>> table : expected.entrySet()) {
      String query =
          "SELECT "
              + String.join(", ", table.getValue())
              + " FROM "
              + table.getKey()
              + " WHERE 1=0";
      try (Statement statement = connection.createStatement()) {
        statement.executeQuery(query).close();
      } catch (SQLException e) {
        throw new SchedulerException(
            target
                + ": table "
                + table.getKey()
                + " does not match schema version "
                + VERSION
                + " (it needs the columns "
                + table.getValue()
                + "): "
                + e.getMessage(),
            e);
      }
    }
    Set<String> indexes = indexes(connection);
    List<String> missing = new ArrayList<>(INDEXES);
    missing.removeAll(indexes);
    if (!missing.isEmpty()) {
      throw new SchedulerException(
          target
              + ": table ps_runs lacks the indexes "
              + missing
              + " of schema version "
              + VERSION
              + "; create them as in "
              + target.kind().schemaResource());
    }
  }

  private Set<String> tables(Connection connection) throws SQLException {
    return names(connection, dialect.tablesQuery());
  }

  private Set<String> indexes(Connection connection) throws SQLException {
    return names(connection, dialect.runIndexesQuery());
  }

  private static Set<String> names(Connection connection, String query) throws SQLException {
    Set<String> names = new TreeSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        names.add(rows.getString(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }

  static String single(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static List<String> first(Set<String> names, int count) {
    return names.stream().limit(count).toList();
  }
}
