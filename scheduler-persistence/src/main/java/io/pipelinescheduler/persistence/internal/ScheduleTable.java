package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ScheduleSlots;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.spi.StoredJson;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
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
  private static final String UPSERT =
      "INSERT INTO ps_schedules (name, schedule_type, spec, zone_id, enabled, anchor_at,"
          + " last_slot_at, next_run_at, definition, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (name) DO UPDATE SET schedule_type = excluded.schedule_type,"
          + " spec = excluded.spec, zone_id = excluded.zone_id, enabled = excluded.enabled,"
          + " anchor_at = excluded.anchor_at, last_slot_at = excluded.last_slot_at,"
          + " next_run_at = excluded.next_run_at, definition = excluded.definition,"
          + " version = ps_schedules.version + 1";

  private static final String SELECT_ONE = "SELECT * FROM ps_schedules WHERE name = ?";

  /** Rows per JDBC batch when saving many schedules. */
  private static final int ROWS_PER_BATCH = 500;

  private static final List<Jdbc.Column<ScheduleSlots>> SLOTS =
      List.of(
          Jdbc.Column.bigint("last_slot_at", s -> Micros.of(s.lastSlot())),
          Jdbc.Column.bigint("next_run_at", s -> Micros.of(s.nextRun())));
  private static final Jdbc.Column<ScheduleSlots> NAME =
      Jdbc.Column.text("name", ScheduleSlots::name);

  private final StoreCalls calls;
  private final Dialect dialect;

  ScheduleTable(StoreCalls calls, Dialect dialect) {
    this.calls = calls;
    this.dialect = dialect;
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
   * Saves several schedules (distinct names) in one transaction: the upsert as JDBC batches of
   * {@value #ROWS_PER_BATCH} rows. Every definition is written as JSON first, so that one that is
   * not JSON fails before anything is written.
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
          try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (int i = 0; i < schedules.size(); i++) {
              bind(upsert, schedules.get(i), definitions.get(i));
              upsert.addBatch();
              if ((i + 1) % ROWS_PER_BATCH == 0 || i == schedules.size() - 1) {
                upsert.executeBatch();
              }
            }
            return null;
          }
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
          try (PreparedStatement query = connection.prepareStatement(SELECT_ONE)) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
              stored = rows.next() ? Optional.of(schedule(rows)) : Optional.empty();
            }
          }
          StoredSchedule merged = merge.merge(stored, RunTable.latest(connection, name));
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
    upsert.setString(1, schedule.name());
    upsert.setString(2, schedule.type().name());
    upsert.setString(3, schedule.spec());
    upsert.setString(4, schedule.zone().getId());
    upsert.setBoolean(5, schedule.enabled());
    setMicros(upsert, 6, schedule.anchor());
    setMicros(upsert, 7, schedule.lastSlot());
    setMicros(upsert, 8, schedule.nextRun());
    upsert.setString(9, definition);
    upsert.setLong(10, schedule.version());
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
          List<StoredSchedule> schedules = new ArrayList<>();
          for (List<String> chunk : RunTable.chunks(distinct)) {
            String sql =
                "SELECT * FROM ps_schedules WHERE name IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + ")";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
              for (int i = 0; i < chunk.size(); i++) {
                query.setString(i + 1, chunk.get(i));
              }
              try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                  schedules.add(schedule(rows));
                }
              }
            }
          }
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
        "SELECT * FROM ps_schedules WHERE definition IS NOT NULL",
        null);
  }

  private List<StoredSchedule> select(String what, String sql, String name) {
    // Sorted here, not by the database, so that the order is String order on every database.
    return calls.readJdbc(
        what,
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (name != null) {
              query.setString(1, name);
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

  private static StoredSchedule schedule(ResultSet rows) throws SQLException {
    String name = rows.getString("name");
    return new StoredSchedule(
        name,
        ScheduleType.valueOf(rows.getString("schedule_type")),
        rows.getString("spec"),
        ZoneId.of(rows.getString("zone_id")),
        rows.getBoolean("enabled"),
        RowMapping.micros(rows, "anchor_at"),
        RowMapping.micros(rows, "last_slot_at"),
        RowMapping.micros(rows, "next_run_at"),
        StoredJson.readDefinition(name, rows.getString("definition")),
        rows.getLong("version"));
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
    calls.write(
        slots.size() == 1
            ? "updating the slots of schedule '" + slots.get(0).name() + "'"
            : "updating the slots of "
                + slots.size()
                + " schedules, the first '"
                + slots.get(0).name()
                + "'",
        session -> dialect.update(session, "ps_schedules", SLOTS, List.of(NAME), null, slots));
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
