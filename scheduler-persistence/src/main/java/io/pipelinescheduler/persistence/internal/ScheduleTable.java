package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ScheduleSlots;
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

  private static final List<Jdbc.Column<ScheduleSlots>> SLOTS =
      List.of(
          Jdbc.Column.bigint("last_slot_at", s -> Micros.of(s.lastSlot())),
          Jdbc.Column.bigint("next_run_at", s -> Micros.of(s.nextRun())));
  private static final Jdbc.Column<ScheduleSlots> NAME =
      Jdbc.Column.text("name", ScheduleSlots::name);

  // Well below SQLite's and PostgreSQL's limits on bound parameters.
  private static final int NAMES_PER_QUERY = 500;

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
            return upsert.executeUpdate();
          }
        });
  }

  public Optional<StoredSchedule> find(String name) {
    List<StoredSchedule> found =
        select(
            "reading schedule '" + name + "'", "SELECT * FROM ps_schedules WHERE name = ?", name);
    return found.stream().findFirst();
  }

  public List<StoredSchedule> findAll() {
    return select("reading the schedules", "SELECT * FROM ps_schedules", null);
  }

  /** The schedules of these names, sorted by name, read a chunk of names per query. */
  public List<StoredSchedule> findAll(Collection<String> names) {
    List<String> wanted = names.stream().distinct().toList();
    List<StoredSchedule> found = new ArrayList<>();
    for (int from = 0; from < wanted.size(); from += NAMES_PER_QUERY) {
      List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + NAMES_PER_QUERY));
      String sql =
          "SELECT * FROM ps_schedules WHERE name IN ("
              + String.join(", ", Collections.nCopies(chunk.size(), "?"))
              + ")";
      found.addAll(
          calls.readJdbc(
              "reading " + chunk.size() + " schedules, the first '" + chunk.get(0) + "'",
              connection -> {
                try (PreparedStatement query = connection.prepareStatement(sql)) {
                  for (int i = 0; i < chunk.size(); i++) {
                    query.setString(i + 1, chunk.get(i));
                  }
                  List<StoredSchedule> rows = new ArrayList<>();
                  try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                      rows.add(schedule(result));
                    }
                  }
                  return rows;
                }
              }));
    }
    found.sort(Comparator.comparing(StoredSchedule::name));
    return found;
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
        micros(rows, "anchor_at"),
        micros(rows, "last_slot_at"),
        micros(rows, "next_run_at"),
        StoredJson.readDefinition(name, rows.getString("definition")),
        rows.getLong("version"));
  }

  private static Instant micros(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : Micros.toInstant(value);
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
