package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.spi.ScheduleColumns;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator may edit the {@code type} and {@code spec} columns of a data-defined schedule (a new
 * cron, interval, daily time, weekday, day of the month, every-N-months rule, instant) instead of
 * its JSON definition. When they differ from the registered schedule's, the edit is carried into
 * the definition, which is what gets registered; the spec is read as {@link ScheduleColumns#timing}
 * reads it, for every type.
 */
final class StoredSpecEdits {
  private StoredSpecEdits() {}

  /**
   * The definition the row means.
   *
   * @throws io.pipelinescheduler.InvalidScheduleException naming the spec when it cannot be read
   */
  static Map<String, Object> apply(StoredSchedule row, ScheduleRuntime runtime) {
    Map<String, Object> definition = row.definition();
    if (runtime == null
        || (row.type() == runtime.definition().timing().type()
            && row.spec().equals(runtime.definition().timing().spec()))) {
      return definition;
    }
    if (!(definition.get("timing") instanceof Map<?, ?> timing)) {
      return definition;
    }
    Map<String, Object> stored = new LinkedHashMap<>();
    timing.forEach((key, value) -> stored.put(String.valueOf(key), value));
    Map<String, Object> edited =
        ScheduleColumns.timing(row.name(), row.type(), row.spec(), null, stored, false);
    if (edited.equals(stored)) {
      return definition;
    }
    Map<String, Object> copy = new LinkedHashMap<>(definition);
    copy.put("timing", edited);
    return copy;
  }
}
