package io.pipelinescheduler.cli.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.StepOutcome;
import io.pipelinescheduler.StoredSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored schedules and runs as the JSON the REST API answers with ({@code ScheduleView}, {@code
 * RunView}), so that a command prints the same whether it read the API or the database.
 */
final class RecordJson {
  private RecordJson() {}

  /** A run, with its output when {@code withOutput}. */
  static Map<String, Object> run(ExecutionRecord r, boolean withOutput) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("runId", r.runId());
    map.put("scheduleName", r.scheduleName());
    map.put("scheduledTime", r.scheduledTime());
    map.put("startedAt", r.startedAt());
    map.put("finishedAt", r.finishedAt());
    map.put("status", r.status());
    map.put("success", r.success());
    map.put("duration", r.duration());
    map.put("durationMillis", r.duration().toMillis());
    map.put("attempt", r.attempt());
    map.put("trigger", r.trigger());
    map.put("error", r.error());
    map.put("node", r.node());
    List<Map<String, Object>> steps = new ArrayList<>();
    for (StepOutcome step : r.steps()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", step.name());
      item.put("status", step.status());
      item.put("durationMs", step.duration().toMillis());
      item.put("attempts", step.attempts());
      item.put("error", step.error());
      steps.add(item);
    }
    map.put("steps", steps);
    map.put("failedSteps", r.failedSteps());
    if (withOutput) {
      map.put("output", r.output());
    }
    return map;
  }

  /**
   * A stored schedule with its latest run (or null). The description is the definition's, else the
   * timing as text; the next run is the stored one, in the schedule's zone.
   */
  static Map<String, Object> schedule(StoredSchedule s, ExecutionRecord latest) {
    Map<String, Object> definition = s.definition();
    Object description = definition == null ? null : definition.get("description");
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("name", s.name());
    map.put("type", s.type());
    map.put("spec", s.spec());
    map.put("description", description == null ? s.spec() : description);
    map.put("timezone", s.zone());
    map.put("enabled", s.enabled());
    map.put("nextRun", s.nextRun() == null ? null : s.nextRun().atZone(s.zone()));
    map.put("lastOutcome", latest == null ? null : latest.status());
    map.put("lastRun", latest == null ? null : run(latest, false));
    map.put("dataDefined", definition != null);
    map.put("definition", definition);
    return map;
  }
}
