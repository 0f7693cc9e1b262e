package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ScheduleSlots;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.spi.StoredJson;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The operations on {@code ps_schedules}. */
public final class ScheduleTable {
  // One statement, so that two instances saving the same schedule at once cannot collide.
  private static final String UPSERT =
      "INSERT INTO ps_schedules (name, schedule_type, spec, zone_id, enabled, anchor_at,"
          + " last_slot_at, next_run_at, definition, version)"
          + " VALUES (:name, :type, :spec, :zone, :enabled, :anchor, :lastSlot, :nextRun,"
          + " :definition, :version)"
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

  private final StoreCalls calls;
  private final Dialect dialect;

  ScheduleTable(StoreCalls calls, Dialect dialect) {
    this.calls = calls;
    this.dialect = dialect;
  }

  public void save(StoredSchedule schedule) {
    String definition = StoredJson.writeDefinition(schedule.name(), schedule.definition());
    calls.write(
        "saving schedule '" + schedule.name() + "'",
        session ->
            session
                .createNativeMutationQuery(UPSERT)
                .setParameter("name", schedule.name(), String.class)
                .setParameter("type", schedule.type().name(), String.class)
                .setParameter("spec", schedule.spec(), String.class)
                .setParameter("zone", schedule.zone().getId(), String.class)
                .setParameter("enabled", schedule.enabled(), Boolean.class)
                .setParameter("anchor", Micros.of(schedule.anchor()), Long.class)
                .setParameter("lastSlot", Micros.of(schedule.lastSlot()), Long.class)
                .setParameter("nextRun", Micros.of(schedule.nextRun()), Long.class)
                .setParameter("definition", definition, String.class)
                .setParameter("version", schedule.version(), Long.class)
                .executeUpdate());
  }

  public Optional<StoredSchedule> find(String name) {
    return calls.read(
        "reading schedule '" + name + "'",
        session ->
            Optional.ofNullable(session.get(ScheduleRow.class, name)).map(RowMapping::schedule));
  }

  public List<StoredSchedule> findAll() {
    return select("reading the schedules", "SELECT * FROM ps_schedules");
  }

  /** The schedules with a definition (data-defined). */
  public List<StoredSchedule> findDefined() {
    return select(
        "reading the data-defined schedules",
        "SELECT * FROM ps_schedules WHERE definition IS NOT NULL");
  }

  private List<StoredSchedule> select(String what, String sql) {
    // SQL, not HQL: these run at start, before any HQL, and HQL's parser takes a while to load
    // and warm up in a new JVM. Sorted here, not by the database, so that the order is String
    // order on every database.
    return calls.read(
        what,
        session ->
            session.createNativeQuery(sql, ScheduleRow.class).getResultList().stream()
                .map(RowMapping::schedule)
                .sorted(Comparator.comparing(StoredSchedule::name))
                .toList());
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
