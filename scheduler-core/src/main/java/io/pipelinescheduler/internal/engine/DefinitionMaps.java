package io.pipelinescheduler.internal.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON-compatible form of a data-defined schedule, as stored in {@code
 * StoredSchedule.definition()}: enough to build it again with no code.
 */
final class DefinitionMaps {
  private DefinitionMaps() {}

  /** The definition as plain maps, lists, strings and numbers; null for a code-defined job. */
  static Map<String, Object> of(ScheduleDefinition definition) {
    JobSpec job = definition.jobSpec();
    if (job == null) {
      return null;
    }
    RunPolicy policy = definition.policy();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("jobType", job.type());
    map.put("params", job.params());
    map.put("type", definition.timing().type().name());
    map.put("spec", definition.timing().spec());
    map.put("zone", definition.timing().zone().getId());
    map.put("maxRetries", policy.maxRetries());
    map.put("firstRetryDelay", policy.firstRetryDelay().toString());
    map.put("timeout", policy.timeout() == null ? null : policy.timeout().toString());
    map.put("overlap", policy.overlap().name());
    map.put("misfire", policy.misfire().name());
    map.put("dependsOn", List.copyOf(definition.dependsOn()));
    map.put("description", definition.description());
    return map;
  }
}
