package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.StoredSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator may edit the {@code spec} column of a data-defined schedule (a new cron, interval or
 * daily time) instead of its JSON definition. When the column differs from the registered
 * schedule's spec, the edit is carried into the definition, which is what gets registered.
 */
final class StoredSpecEdits {
  private StoredSpecEdits() {}

  static Map<String, Object> apply(StoredSchedule row, ScheduleRuntime runtime) {
    Map<String, Object> definition = row.definition();
    if (runtime == null || row.spec().equals(runtime.definition().timing().spec())) {
      return definition;
    }
    if (!(definition.get("timing") instanceof Map<?, ?> timing)) {
      return definition;
    }
    Map<String, Object> edited = new LinkedHashMap<>();
    timing.forEach((key, value) -> edited.put(String.valueOf(key), value));
    switch (String.valueOf(edited.get("kind"))) {
      case "cron" -> edited.put("expression", row.spec());
      case "daily" -> edited.put("at", row.spec());
      case "every" -> {
        edited.keySet().retainAll(java.util.Set.of("kind"));
        edited.put("every", row.spec());
      }
      default -> {
        return definition;
      }
    }
    Map<String, Object> copy = new LinkedHashMap<>(definition);
    copy.put("timing", edited);
    return copy;
  }
}
