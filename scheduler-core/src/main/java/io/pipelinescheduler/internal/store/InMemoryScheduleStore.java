package io.pipelinescheduler.internal.store;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
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
  private static final Comparator<StoredSchedule> BY_NAME =
      Comparator.comparing(StoredSchedule::name);

  private final int historyLimit;
  private final Map<String, StoredSchedule> schedules = new ConcurrentHashMap<>();
  private final Map<String, ScheduleHistory> history = new ConcurrentHashMap<>();
  private final Map<String, ExecutionRecord> runsById = new ConcurrentHashMap<>();

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
    return schedules.values().stream().sorted(BY_NAME).toList();
  }

  /** Filters before sorting: most schedules are defined in code, and start() asks for these. */
  @Override
  public List<StoredSchedule> findDefinedSchedules() {
    List<StoredSchedule> defined = new ArrayList<>();
    for (StoredSchedule schedule : schedules.values()) {
      if (schedule.definition() != null) {
        defined.add(schedule);
      }
    }
    defined.sort(BY_NAME);
    return defined;
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
  public boolean insertRun(ExecutionRecord run) {
    ScheduleHistory runs = history.computeIfAbsent(run.scheduleName(), k -> new ScheduleHistory());
    synchronized (runs) {
      if (run.trigger() != Trigger.MANUAL && !runs.fence.add(fenceKey(run))) {
        return false;
      }
      runs.ids.addFirst(run.runId());
      runsById.put(run.runId(), run);
      while (runs.ids.size() > historyLimit) {
        ExecutionRecord dropped = runsById.remove(runs.ids.removeLast());
        runs.fence.remove(fenceKey(dropped));
      }
      return true;
    }
  }

  @Override
  public void updateRun(ExecutionRecord run) {
    runsById.computeIfPresent(
        run.runId(), (id, stored) -> stored.status() == ExecutionStatus.RUNNING ? run : stored);
  }

  @Override
  public List<ExecutionRecord> findHistory(String scheduleName, int limit) {
    ScheduleHistory runs = history.get(scheduleName);
    if (runs == null) {
      return List.of();
    }
    synchronized (runs) {
      return runs.ids.stream().limit(limit).map(runsById::get).toList();
    }
  }

  @Override
  public Optional<ExecutionRecord> findRun(String runId) {
    return Optional.ofNullable(runsById.get(runId));
  }

  @Override
  public int deleteRunsFinishedBefore(Instant cutoff, int batchSize) {
    int deleted = 0;
    for (ScheduleHistory runs : history.values()) {
      synchronized (runs) {
        for (Iterator<String> it = runs.ids.iterator(); it.hasNext() && deleted < batchSize; ) {
          ExecutionRecord run = runsById.get(it.next());
          if (run.finishedAt() != null && run.finishedAt().isBefore(cutoff)) {
            it.remove();
            runsById.remove(run.runId());
            runs.fence.remove(fenceKey(run));
            deleted++;
          }
        }
      }
    }
    return deleted;
  }

  /**
   * One schedule's runs, newest first, and their fence keys; guarded by itself, so that runs of
   * different schedules are recorded in parallel.
   */
  private static final class ScheduleHistory {
    final Deque<String> ids = new ArrayDeque<>(4);
    final Set<FenceKey> fence = new HashSet<>(4);
  }

  @Override
  public Map<String, Object> healthDetails() {
    return Map.of("type", "memory", "historyLimitPerSchedule", historyLimit);
  }

  private static FenceKey fenceKey(ExecutionRecord run) {
    return new FenceKey(run.scheduleName(), run.scheduledTime(), run.attempt());
  }

  /** What a store's unique key on runs holds: one record per schedule, slot and attempt. */
  private record FenceKey(String scheduleName, Instant slot, int attempt) {}
}
