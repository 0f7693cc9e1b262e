package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleStore;
import java.time.Instant;

/** The {@code dependsOn} gate: whether every dependency succeeded since the schedule last ran. */
final class Dependencies {
  private final ScheduleStore store;

  Dependencies(ScheduleStore store) {
    this.store = store;
  }

  /**
   * Why a schedule with dependencies may not run now, or null when every dependency's latest
   * finished run succeeded after this schedule's own previous run started. Runtime's monitor held.
   */
  String unmet(ScheduleRuntime runtime) {
    for (String dependency : runtime.definition().dependsOn()) {
      ExecutionRecord latest =
          store.findHistory(dependency, 10).stream()
              .filter(run -> run.status().isFinal())
              .findFirst()
              .orElse(null);
      if (latest == null) {
        return "dependency '" + dependency + "' has not run yet";
      }
      if (!latest.success()) {
        return "the latest run of dependency '" + dependency + "' ended " + latest.status();
      }
      Instant since = runtime.previousRunStart();
      if (since != null && latest.finishedAt().isBefore(since)) {
        return "dependency '"
            + dependency
            + "' has not succeeded since this schedule's previous run at "
            + since;
      }
    }
    return null;
  }
}
