package io.pipelinescheduler.persistence.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code ps_runs}: one attempt of one schedule. */
@Entity(name = "RunRow")
@Table(name = "ps_runs")
public class RunRow {
  @Id
  @Column(name = "run_id")
  String runId;

  @Column(name = "schedule_name")
  String scheduleName;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "scheduled_at")
  Instant scheduledAt;

  /** The slot for fenced (non-manual) runs, null for manual ones; see {@code ps_runs_fence}. */
  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "fence_slot_at")
  Instant fenceSlotAt;

  @Column(name = "attempt")
  int attempt;

  @Column(name = "run_trigger")
  String trigger;

  @Column(name = "status")
  String status;

  @Column(name = "success")
  boolean success;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "started_at")
  Instant startedAt;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "finished_at")
  Instant finishedAt;

  @Column(name = "duration_us")
  long durationMicros;

  @Column(name = "error")
  String error;

  @Column(name = "output")
  String output;

  @Column(name = "node")
  String node;

  @Convert(converter = InstantMicrosConverter.class)
  @Column(name = "heartbeat_at")
  Instant heartbeatAt;

  /** The step outcomes of a pipeline run as JSON (StoredJson.writeSteps), null for none. */
  @Column(name = "steps")
  String steps;

  /** For Hibernate. */
  protected RunRow() {}
}
