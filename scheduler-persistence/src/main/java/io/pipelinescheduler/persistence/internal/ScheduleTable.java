package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleSlots;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.spi.ScheduleColumns;
import io.pipelinescheduler.spi.StoredJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The operations on {@code ps_schedules}. Saving and reading schedules runs over plain JDBC, so
 * that registering schedules and starting the scheduler never wait for Hibernate's boot (see {@link
 * StoreParts}); the rest runs in Hibernate's stateless sessions.
 */
public final class ScheduleTable {
  // One statement, so that two instances saving the same schedule at once cannot collide.
  private static final String INSERT =
      "INSERT INTO ps_schedules (name, schedule_type, spec, zone_id, enabled, anchor_at,"
          + " last_slot_at, next_run_at, definition, version, time_of_day, start_date, command,"
          + " arguments, job_type)";
  private static final String ON_CONFLICT =
      " ON CONFLICT (name) DO UPDATE SET schedule_type = excluded.schedule_type,"
          + " spec = excluded.spec, zone_id = excluded.zone_id, enabled = excluded.enabled,"
          + " anchor_at = excluded.anchor_at, last_slot_at = excluded.last_slot_at,"
          + " next_run_at = excluded.next_run_at, definition = excluded.definition,"
          + " version = ps_schedules.version + 1, time_of_day = excluded.time_of_day,"
          + " start_date = excluded.start_date, command = excluded.command,"
          + " arguments = excluded.arguments, job_type = excluded.job_type";
  private static final String UPSERT = upsert(1);

  /** A schedule with its definition written as JSON and its readable columns: one row to save. */
  private record Row(StoredSchedule schedule, String definition, ScheduleColumns columns) {
    Row(StoredSchedule schedule, String definition) {
      this(schedule, definition, columnsOf(schedule));
    }
  }

  /** The readable columns of a data-defined schedule; null for one whose job is code. */
  private static ScheduleColumns columnsOf(StoredSchedule schedule) {
    return schedule.definition() == null ? null : ScheduleColumns.of(schedule);
  }

  /** Values per row of {@link #INSERT}. */
  private static final int PER_ROW = 15;

  /** The columns of {@link #INSERT}, in order, for PostgreSQL's arrays. */
  private static final List<Jdbc.Column<Row>> COLUMNS =
      List.of(
          Jdbc.Column.text("name", row -> row.schedule().name()),
          Jdbc.Column.text("schedule_type", row -> row.schedule().type().name()),
          Jdbc.Column.text("spec", row -> row.schedule().spec()),
          Jdbc.Column.text("zone_id", row -> row.schedule().zone().getId()),
          Jdbc.Column.bool("enabled", row -> row.schedule().enabled()),
          Jdbc.Column.bigint("anchor_at", row -> Micros.of(row.schedule().anchor())),
          Jdbc.Column.bigint("last_slot_at", row -> Micros.of(row.schedule().lastSlot())),
          Jdbc.Column.bigint("next_run_at", row -> Micros.of(row.schedule().nextRun())),
          Jdbc.Column.text("definition", Row::definition),
          Jdbc.Column.bigint("version", row -> row.schedule().version()),
          Jdbc.Column.text("time_of_day", row -> column(row.columns(), ScheduleColumns::timeOfDay)),
          Jdbc.Column.text("start_date", row -> column(row.columns(), ScheduleColumns::startDate)),
          Jdbc.Column.text("command", row -> column(row.columns(), ScheduleColumns::command)),
          Jdbc.Column.text("arguments", row -> column(row.columns(), ScheduleColumns::arguments)),
          Jdbc.Column.text("job_type", row -> column(row.columns(), ScheduleColumns::jobType)));

  private static String column(
      ScheduleColumns columns, java.util.function.Function<ScheduleColumns, String> value) {
    return columns == null ? null : value.apply(columns);
  }

  /** The upsert of {@code rows} schedules in one statement. */
  private static String upsert(int rows) {
    return INSERT
        + " VALUES "
        + String.join(
            ", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        + ON_CONFLICT;
  }

  private static final String SELECT_ONE = "SELECT * FROM ps_schedules WHERE name = ?";

  /**
   * One row, in one round trip: the schedule's columns (null when it is not stored) and the id of
   * its latest run (ordered as {@link RunTable#HISTORY_SQL}; null when none).
   */
  private static final String SELECT_WITH_LATEST_RUN =
      "SELECT s.*, (SELECT r.run_id FROM ps_runs r WHERE r.schedule_name = k.n"
          + " ORDER BY r.started_at DESC LIMIT 1) AS latest_run_id"
          + " FROM (SELECT CAST(? AS VARCHAR(255)) AS n) k"
          + " LEFT JOIN ps_schedules s ON s.name = k.n";

  /** Rows per upsert statement when saving many schedules ({@value #PER_ROW} parameters each). */
  private static final int ROWS_PER_STATEMENT = 100;

  private static final String FULL_UPSERT = upsert(ROWS_PER_STATEMENT);

  private static final List<Jdbc.Column<ScheduleSlots>> SLOTS =
      List.of(
          Jdbc.Column.bigint("last_slot_at", s -> Micros.of(s.lastSlot())),
          Jdbc.Column.bigint("next_run_at", s -> Micros.of(s.nextRun())));
  private static final Jdbc.Column<ScheduleSlots> NAME =
      Jdbc.Column.text("name", ScheduleSlots::name);

  private final StoreCalls calls;
  private final Dialect dialect;

  // The zone of a data-defined row without zone_id: the scheduler's.
  private final ZoneId defaultZone;

  ScheduleTable(StoreCalls calls, Dialect dialect) {
    this(calls, dialect, ZoneOffset.UTC);
  }

  ScheduleTable(StoreCalls calls, Dialect dialect, ZoneId defaultZone) {
    this.calls = calls;
    this.dialect = dialect;
    this.defaultZone = defaultZone;
  }

  public void save(StoredSchedule schedule) {
    String definition = StoredJson.writeDefinition(schedule.name(), schedule.definition());
    calls.writeJdbc(
        "saving schedule '" + schedule.name() + "'",
        true,
        connection -> {
          try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            bind(upsert, schedule, definition);
            return upsert.executeUpdate();
          }
        });
  }

  /**
   * Saves several schedules (distinct names) in one transaction: on PostgreSQL one upsert whose
   * values come as one array per column; on SQLite upserts of {@value #ROWS_PER_STATEMENT} rows
   * each (and one for the rest), sent as one JDBC batch. Every definition is written as JSON first,
   * so that one that is not JSON fails before anything is written.
   */
  public void saveAll(List<StoredSchedule> schedules) {
    if (schedules.isEmpty()) {
      return;
    }
    List<String> definitions = new ArrayList<>(schedules.size());
    for (StoredSchedule schedule : schedules) {
      definitions.add(StoredJson.writeDefinition(schedule.name(), schedule.definition()));
    }
    calls.writeJdbc(
        schedules.size() == 1
            ? "saving schedule '" + schedules.get(0).name() + "'"
            : "saving "
                + schedules.size()
                + " schedules, the first '"
                + schedules.get(0).name()
                + "'",
        true,
        connection -> {
          if (dialect instanceof PostgresDialect) {
            List<Row> rows = new ArrayList<>(schedules.size());
            for (int i = 0; i < schedules.size(); i++) {
              rows.add(new Row(schedules.get(i), definitions.get(i)));
            }
            String sql = INSERT + " SELECT * FROM " + PostgresDialect.unnest(COLUMNS, "u");
            try (PreparedStatement upsert = connection.prepareStatement(sql + ON_CONFLICT)) {
              for (int c = 0; c < COLUMNS.size(); c++) {
                upsert.setArray(c + 1, Jdbc.array(connection, COLUMNS.get(c), rows));
              }
              return upsert.executeUpdate();
            }
          }
          int full = schedules.size() / ROWS_PER_STATEMENT * ROWS_PER_STATEMENT;
          if (full > 0) {
            try (PreparedStatement upsert = connection.prepareStatement(FULL_UPSERT)) {
              for (int from = 0; from < full; from += ROWS_PER_STATEMENT) {
                for (int i = 0; i < ROWS_PER_STATEMENT; i++) {
                  bind(upsert, i * PER_ROW, schedules.get(from + i), definitions.get(from + i));
                }
                upsert.addBatch();
              }
              upsert.executeBatch();
            }
          }
          if (full < schedules.size()) {
            try (PreparedStatement upsert =
                connection.prepareStatement(upsert(schedules.size() - full))) {
              for (int i = full; i < schedules.size(); i++) {
                bind(upsert, (i - full) * PER_ROW, schedules.get(i), definitions.get(i));
              }
              upsert.executeUpdate();
            }
          }
          return null;
        });
  }

  /**
   * Reads the schedule of {@code name} and its latest run, and saves what {@code merge} makes of
   * them, in one transaction on one connection.
   */
  public StoredSchedule merge(String name, ScheduleStore.ScheduleMerge merge) {
    return calls.writeJdbc(
        "registering schedule '" + name + "'",
        true,
        connection -> {
          Optional<StoredSchedule> stored;
          String latestRunId;
          try (PreparedStatement query = connection.prepareStatement(SELECT_WITH_LATEST_RUN)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
              rows.next();
              stored =
                  rows.getString("name") == null ? Optional.empty() : Optional.of(schedule(rows));
              latestRunId = rows.getString("latest_run_id");
            }
          }
          Optional<ExecutionRecord> latest =
              latestRunId == null ? Optional.empty() : RunTable.find(connection, latestRunId);
          StoredSchedule merged = merge.merge(stored, latest);
          ScheduleStore.ScheduleMerge.check(name, merged);
          String definition = StoredJson.writeDefinition(name, merged.definition());
          try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            bind(upsert, merged, definition);
            upsert.executeUpdate();
          }
          return merged;
        });
  }

  private static void bind(PreparedStatement upsert, StoredSchedule schedule, String definition)
      throws SQLException {
    bind(upsert, 0, schedule, definition);
  }

  /** Binds one row's {@value #PER_ROW} values after the first {@code offset} parameters. */
  private static void bind(
      PreparedStatement upsert, int offset, StoredSchedule schedule, String definition)
      throws SQLException {
    upsert.setString(offset + 1, schedule.name());
    upsert.setString(offset + 2, schedule.type().name());
    upsert.setString(offset + 3, schedule.spec());
    upsert.setString(offset + 4, schedule.zone().getId());
    upsert.setBoolean(offset + 5, schedule.enabled());
    setMicros(upsert, offset + 6, schedule.anchor());
    setMicros(upsert, offset + 7, schedule.lastSlot());
    setMicros(upsert, offset + 8, schedule.nextRun());
    upsert.setString(offset + 9, definition);
    upsert.setLong(offset + 10, schedule.version());
    ScheduleColumns columns = columnsOf(schedule);
    upsert.setString(offset + 11, column(columns, ScheduleColumns::timeOfDay));
    upsert.setString(offset + 12, column(columns, ScheduleColumns::startDate));
    upsert.setString(offset + 13, column(columns, ScheduleColumns::command));
    upsert.setString(offset + 14, column(columns, ScheduleColumns::arguments));
    upsert.setString(offset + 15, column(columns, ScheduleColumns::jobType));
  }

  /** The stored schedules of these names, sorted by name; one query per chunk of names. */
  public List<StoredSchedule> findNamed(Collection<String> names) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
    if (distinct.isEmpty()) {
      return List.of();
    }
    return calls.readJdbc(
        "reading " + distinct.size() + " schedules",
        connection -> {
          List<StoredSchedule> schedules =
              Jdbc.selectIn(
                  connection, "SELECT * FROM ps_schedules WHERE name", distinct, this::schedule);
          schedules.sort(Comparator.comparing(StoredSchedule::name));
          return schedules;
        });
  }

  public Optional<StoredSchedule> find(String name) {
    List<StoredSchedule> found = select("reading schedule '" + name + "'", SELECT_ONE, name);
    return found.stream().findFirst();
  }

  public List<StoredSchedule> findAll() {
    return select("reading the schedules", "SELECT * FROM ps_schedules", null);
  }

  /** The schedules with a definition (data-defined). */
  public List<StoredSchedule> findDefined() {
    return select(
        "reading the data-defined schedules",
        "SELECT * FROM ps_schedules"
            + " WHERE definition IS NOT NULL OR command IS NOT NULL OR job_type IS NOT NULL",
        null);
  }

  /** The schedules of one type. */
  public List<StoredSchedule> findOfType(ScheduleType type) {
    return select(
        "reading the schedules of type " + type,
        "SELECT * FROM ps_schedules WHERE schedule_type = ?",
        type.name());
  }

  private List<StoredSchedule> select(String what, String sql, String parameter) {
    // Sorted here, not by the database, so that the order is String order on every database.
    return calls.readJdbc(
        what,
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
              query.setString(1, parameter);
            }
            List<StoredSchedule> schedules = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                schedules.add(schedule(rows));
              }
            }
            schedules.sort(Comparator.comparing(StoredSchedule::name));
            return schedules;
          }
        });
  }

  private StoredSchedule schedule(ResultSet rows) throws SQLException {
    return StoredRows.schedule(rows, defaultZone);
  }

  private static void setMicros(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    Long micros = Micros.of(instant);
    if (micros == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, micros);
    }
  }

  public boolean delete(String name) {
    return calls.write(
        "deleting schedule '" + name + "'",
        session ->
            session
                    .createMutationQuery("delete from ScheduleRow s where s.name = :name")
                    .setParameter("name", name)
                    .executeUpdate()
                > 0);
  }

  /** Writes the last and next slots of several schedules in one transaction (a JDBC batch). */
  public void updateSlots(List<ScheduleSlots> slots) {
    if (slots.isEmpty()) {
      return;
    }
    calls.writeJdbc(
        slots.size() == 1
            ? "updating the slots of schedule '" + slots.get(0).name() + "'"
            : "updating the slots of "
                + slots.size()
                + " schedules, the first '"
                + slots.get(0).name()
                + "'",
        true,
        connection ->
            dialect.update(connection, "ps_schedules", SLOTS, List.of(NAME), null, slots));
  }

  public void setEnabled(String name, boolean enabled) {
    calls.write(
        (enabled ? "enabling" : "disabling") + " schedule '" + name + "'",
        session ->
            session
                .createMutationQuery(
                    "update ScheduleRow s set s.enabled = :enabled where s.name = :name")
                .setParameter("enabled", enabled)
                .setParameter("name", name)
                .executeUpdate());
  }
}
