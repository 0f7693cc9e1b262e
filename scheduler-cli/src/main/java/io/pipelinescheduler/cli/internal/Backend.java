package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the commands ask of a scheduler, answered by its REST API ({@link ApiBackend}) or by its
 * database ({@link DatabaseBackend}). Schedules and runs come as the JSON of the REST API ({@code
 * ScheduleView}, {@code RunView}) in both cases. Every method throws a {@link CliException} with
 * the exit code for what went wrong (e.g. {@link ExitCode#NOT_FOUND}).
 */
interface Backend extends AutoCloseable {
  /** Every schedule, sorted by name. */
  List<JsonNode> schedules();

  /** One schedule. */
  JsonNode schedule(String name);

  /** The latest runs of a schedule, newest first, without output. */
  List<JsonNode> history(String name, int limit);

  /** Starts a run now: {@code {"scheduleName", "runId", "status"}}. */
  JsonNode startRun(String name);

  /** One run with its output (so far, when it runs on the instance asked). */
  JsonNode run(String runId);

  /** Asks a run to stop. */
  void cancel(String runId);

  /** Switches a schedule on or off and returns it. */
  JsonNode setEnabled(String name, boolean enabled);

  /** Removes a schedule; its history stays. */
  void delete(String name);

  /** The data-defined schedules in the format of {@code PipelineScheduler.exportSchedules()}. */
  String export();

  /**
   * Creates or replaces the schedules of an export (one {@code {"name","definition"}} or an array),
   * all or none; returns their names.
   */
  List<String> importSchedules(String json);

  /** The scheduler's (or the store's) health. */
  HealthReport health();

  @Override
  void close();

  /**
   * A health answer.
   *
   * @param body the JSON to show
   * @param down true when the scheduler reports DOWN
   */
  record HealthReport(JsonNode body, boolean down) {}
}
