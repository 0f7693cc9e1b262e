package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.spi.ScheduleColumns;
import io.pipelinescheduler.spi.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;

/**
 * A row of {@code ps_schedules} read over JDBC. A data-defined row (one with a command, a job type
 * or a definition in the export format) is read through its readable columns ({@link
 * ScheduleColumns}): what an operator edited there wins over the JSON. A row that cannot be used
 * (an unknown type, a time that is not one, JSON that is not an object) comes back with a
 * definition holding only the reason ({@link ScheduleColumns#unusable}), so that one bad row
 * neither fails the reading of the others nor disappears: the scheduler shows it with the reason.
 */
final class StoredRows {
  private StoredRows() {}

  static StoredSchedule schedule(ResultSet rows, ZoneId defaultZone) throws SQLException {
    String name = rows.getString("name");
    ScheduleColumns columns =
        new ScheduleColumns(
            rows.getString("schedule_type"),
            rows.getString("spec"),
            rows.getString("time_of_day"),
            rows.getString("start_date"),
            rows.getString("zone_id"),
            rows.getString("command"),
            rows.getString("arguments"),
            rows.getString("job_type"));
    String json = rows.getString("definition");
    boolean enabled = rows.getBoolean("enabled");
    Map<String, Object> definition;
    try {
      definition = StoredJson.readDefinition(name, json);
    } catch (SchedulerException e) {
      if (columns.command() == null && columns.jobType() == null && json == null) {
        throw e;
      }
      return unusable(rows, name, columns, enabled, defaultZone, e.getMessage());
    }
    if (!ScheduleColumns.readable(columns, definition)) {
      return new StoredSchedule(
          name,
          ScheduleType.valueOf(columns.type()),
          columns.spec() == null ? "" : columns.spec(),
          columns.zone() == null ? defaultZone : ZoneId.of(columns.zone()),
          enabled,
          RowMapping.micros(rows, "anchor_at"),
          RowMapping.micros(rows, "last_slot_at"),
          RowMapping.micros(rows, "next_run_at"),
          definition,
          rows.getLong("version"));
    }
    ScheduleColumns.Read read;
    try {
      read = ScheduleColumns.read(name, columns, definition, defaultZone);
    } catch (RuntimeException e) {
      return unusable(rows, name, columns, enabled, defaultZone, e.getMessage());
    }
    return new StoredSchedule(
        name,
        read.type(),
        read.spec(),
        read.zone(),
        enabled,
        RowMapping.micros(rows, "anchor_at"),
        RowMapping.micros(rows, "last_slot_at"),
        RowMapping.micros(rows, "next_run_at"),
        read.definition(),
        rows.getLong("version"));
  }

  private static StoredSchedule unusable(
      ResultSet rows,
      String name,
      ScheduleColumns columns,
      boolean enabled,
      ZoneId defaultZone,
      String reason)
      throws SQLException {
    ScheduleType type;
    try {
      type = ScheduleColumns.type(name, columns.type());
    } catch (RuntimeException unknown) {
      type = ScheduleType.MANUAL;
    }
    ZoneId zone;
    try {
      zone = columns.zone() == null ? defaultZone : ZoneId.of(columns.zone());
    } catch (DateTimeException unknown) {
      zone = defaultZone;
    }
    return new StoredSchedule(
        name,
        type,
        columns.spec() == null ? "" : columns.spec(),
        zone,
        enabled,
        RowMapping.micros(rows, "anchor_at"),
        RowMapping.micros(rows, "last_slot_at"),
        RowMapping.micros(rows, "next_run_at"),
        ScheduleColumns.unusable(String.valueOf(reason)),
        rows.getLong("version"));
  }
}
