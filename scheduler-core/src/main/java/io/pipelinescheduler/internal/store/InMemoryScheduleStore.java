package io.pipelinescheduler.internal.store;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store used when persistence is off: everything in memory, lost at exit. History is bounded
 * per schedule (the oldest runs are dropped first). Thread-safe.
 */
public final class InMemoryScheduleStore implements ScheduleStore {
  private final int historyLimit;
  private final Map<String, StoredSchedule> schedules = new ConcurrentHashMap<>();
  private final Map<String, Deque<String>> history = new HashMap<>();
  private final Map<String, ExecutionRecord> runsById = new HashMap<>();
  private final Set<String> fence = new HashSet<>();

  /**
   * @param historyLimit runs kept per schedule, at least 1
   */
  public InMemoryScheduleStore(int historyLimit) {
    if (historyLimit < 1) {
      throw new IllegalArgumentException("historyLimit must be at least 1, was " + historyLimit);
    }
    this.historyLimit = historyLimit;
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public void saveSchedule(StoredSchedule schedule) {
    schedules.merge(
        schedule.name(),
        schedule,
        (old, fresh) ->
            new StoredSchedule(
                fresh.name(),
                fresh.type(),
                fresh.spec(),
                fresh.zone(),
                fresh.enabled(),
                fresh.anchor(),
                fresh.lastSlot(),
                fresh.nextRun(),
                fresh.definition(),
                old.version() + 1));
  }

  @Override
  public Optional<StoredSchedule> findSchedule(String name) {
    return Optional.ofNullable(schedules.get(name));
  }

  @Override
  public List<StoredSchedule> findSchedules() {
    return schedules.values().stream().sorted(Comparator.comparing(StoredSchedule::name)).toList();
  }

  @Override
  public boolean deleteSchedule(String name) {
    return schedules.remove(name) != null;
  }

  @Override
  public void updateSlots(String name, Instant lastSlot, Instant nextRun) {
    schedules.computeIfPresent(name, (key, old) -> old.withSlots(lastSlot, nextRun));
  }

  @Override
  public void setEnabled(String name, boolean enabled) {
    schedules.computeIfPresent(name, (key, old) -> old.withEnabled(enabled));
  }

  @Override
  public synchronized boolean insertRun(ExecutionRecord run) {
    if (run.trigger() != Trigger.MANUAL && !fence.add(fenceKey(run))) {
      return false;
    }
    Deque<String> runs = history.computeIfAbsent(run.scheduleName(), k -> new ArrayDeque<>());
    runs.addFirst(run.runId());
    runsById.put(run.runId(), run);
    while (runs.size() > historyLimit) {
      ExecutionRecord dropped = runsById.remove(runs.removeLast());
      fence.remove(fenceKey(dropped));
    }
    return true;
  }

  @Override
  public synchronized void updateRun(ExecutionRecord run) {
    ExecutionRecord stored = runsById.get(run.runId());
    if (stored != null && stored.status() == ExecutionStatus.RUNNING) {
      runsById.put(run.runId(), run);
    }
  }

  @Override
  public synchronized List<ExecutionRecord> findHistory(String scheduleName, int limit) {
    Deque<String> runs = history.get(scheduleName);
    if (runs == null) {
      return List.of();
    }
    return runs.stream().limit(limit).map(runsById::get).toList();
  }

  @Override
  public synchronized Optional<ExecutionRecord> findRun(String runId) {
    return Optional.ofNullable(runsById.get(runId));
  }

  @Override
  public synchronized int deleteRunsFinishedBefore(Instant cutoff, int batchSize) {
    int deleted = 0;
    for (Deque<String> runs : history.values()) {
      for (Iterator<String> it = runs.iterator(); it.hasNext() && deleted < batchSize; ) {
        ExecutionRecord run = runsById.get(it.next());
        if (run.finishedAt() != null && run.finishedAt().isBefore(cutoff)) {
          it.remove();
          runsById.remove(run.runId());
          fence.remove(fenceKey(run));
          deleted++;
        }
      }
    }
    return deleted;
  }

  @Override
  public Map<String, Object> healthDetails() {
    return Map.of("type", "memory", "historyLimitPerSchedule", historyLimit);
  }

  private static String fenceKey(ExecutionRecord run) {
    return run.scheduleName() + "|" + run.scheduledTime() + "|" + run.attempt();
  }
}
