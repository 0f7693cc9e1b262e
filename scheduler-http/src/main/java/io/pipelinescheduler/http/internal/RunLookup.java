package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a run by its id through the public API, which offers history by schedule only: the schedule
 * of a run this server has seen (in a history, a schedule list or a run now) is remembered; other
 * runs are searched for in the recent history of every registered schedule. Thread-safe.
 */
final class RunLookup {
  /** How far back a run is searched for in a schedule's history. */
  static final int SEARCH_DEPTH = 1000;

  private static final int FIRST_LOOK = 20;
  private static final int REMEMBERED = 10_000;

  private final PipelineScheduler scheduler;
  private final Map<String, String> scheduleOfRun =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > REMEMBERED;
        }
      };

  RunLookup(PipelineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Remembers the schedule of each run. */
  void remember(Collection<ExecutionRecord> records) {
    synchronized (scheduleOfRun) {
      for (ExecutionRecord record : records) {
        scheduleOfRun.put(record.runId(), record.scheduleName());
      }
    }
  }

  /** Remembers the schedule of one run. */
  void remember(String runId, String scheduleName) {
    synchronized (scheduleOfRun) {
      scheduleOfRun.put(runId, scheduleName);
    }
  }

  /** The run, with its output, if it is in the recent history of its schedule. */
  Optional<ExecutionRecord> find(String runId) {
    String known;
    synchronized (scheduleOfRun) {
      known = scheduleOfRun.get(runId);
    }
    if (known != null) {
      Optional<ExecutionRecord> found = search(known, runId);
      if (found.isPresent()) {
        return found;
      }
    }
    for (ScheduleInfo info : scheduler.listSchedules()) {
      if (!info.name().equals(known)) {
        Optional<ExecutionRecord> found = search(info.name(), runId);
        if (found.isPresent()) {
          remember(runId, info.name());
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<ExecutionRecord> search(String scheduleName, String runId) {
    List<ExecutionRecord> recent = scheduler.getHistory(scheduleName, FIRST_LOOK);
    Optional<ExecutionRecord> found = byId(recent, runId);
    if (found.isPresent() || recent.size() < FIRST_LOOK) {
      return found;
    }
    return byId(scheduler.getHistory(scheduleName, SEARCH_DEPTH), runId);
  }

  private static Optional<ExecutionRecord> byId(List<ExecutionRecord> records, String runId) {
    return records.stream().filter(r -> r.runId().equals(runId)).findFirst();
  }
}
