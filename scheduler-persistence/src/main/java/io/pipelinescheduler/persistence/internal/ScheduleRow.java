package io.pipelinescheduler.persistence.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code ps_schedules}: one schedule's state. */
@Entity(name = "ScheduleRow")
@Table(name = "ps_schedules")
public class ScheduleRow {
  @Id
  @Column(name = "name")
  String name;

  @Column(name = "schedule_type")
  String type;

  @Column(name = "spec")
  String spec;

  @Column(name = "zone_id")
  String zone;

  @Column(name = "enabled")
  boolean enabled;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "anchor_at")
  Instant anchor;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "last_slot_at")
  Instant lastSlot;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "next_run_at")
  Instant nextRun;

  /** The definition of a data-defined schedule as JSON, or null. */
  @Column(name = "definition")
  String definition;

  @Column(name = "version")
  long version;

  /** The readable columns of a data-defined schedule (schema version 3); see ScheduleColumns. */
  @Column(name = "time_of_day")
  String timeOfDay;

  @Column(name = "start_date")
  String startDate;

  @Column(name = "command")
  String command;

  @Column(name = "arguments")
  String arguments;

  @Column(name = "job_type")
  String jobType;

  /** For Hibernate. */
  protected ScheduleRow() {}
}
