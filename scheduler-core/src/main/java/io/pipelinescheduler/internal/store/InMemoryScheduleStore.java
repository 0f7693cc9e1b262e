package io.pipelinescheduler.internal.store;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The store used when persistence is off: everything in memory, lost at exit. History is bounded
 * per schedule (the oldest runs are dropped first). Thread-safe.
 *
 * <p>A schedule and its runs are kept together under its name, so that recording a run of a
 * registered schedule adds no entry to a map keyed by name. Every change under one name is made
 * inside that map's {@code compute} for the name; readers of the runs lock the {@link Named}.
 */
public final class InMemoryScheduleStore implements ScheduleStore {
  /** Its {@link #name()}. */
  public static final String NAME = "memory";

  private static final Comparator<StoredSchedule> BY_NAME =
      Comparator.comparing(StoredSchedule::name);

  private final int historyLimit;
  private final Map<String, Named> byName = new ConcurrentHashMap<>();
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
    return NAME;
  }

  @Override
  public void saveSchedule(StoredSchedule schedule) {
    byName.compute(
        schedule.name(),
        (name, named) -> {
          Named kept = named != null ? named : new Named();
          StoredSchedule old = kept.schedule;
          kept.schedule = old == null ? schedule : withVersion(schedule, old.version() + 1);
          return kept;
        });
  }

  /** {@inheritDoc} Checks every schedule first, so that a bad one leaves nothing saved. */
  @Override
  public void saveSchedules(List<StoredSchedule> schedules) {
    schedules.forEach(schedule -> Objects.requireNonNull(schedule, "schedule"));
    schedules.forEach(this::saveSchedule);
  }

  /** {@inheritDoc} Atomic: reads, merges and saves inside the map's compute for the name. */
  @Override
  public StoredSchedule mergeSchedule(String name, ScheduleMerge merge) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(merge, "merge");
    StoredSchedule[] saved = new StoredSchedule[1];
    byName.compute(
        name,
        (key, named) -> {
          Named kept = named != null ? named : new Named();
          Optional<ExecutionRecord> latest;
          synchronized (kept) {
            latest =
                kept.ids == null || kept.ids.isEmpty()
                    ? Optional.empty()
                    : Optional.ofNullable(runsById.get(kept.ids.peekFirst()));
          }
          StoredSchedule old = kept.schedule;
          StoredSchedule merged = merge.merge(Optional.ofNullable(old), latest);
          ScheduleMerge.check(name, merged);
          kept.schedule = old == null ? merged : withVersion(merged, old.version() + 1);
          saved[0] = kept.schedule;
          return kept;
        });
    return saved[0];
  }

  private static StoredSchedule withVersion(StoredSchedule schedule, long version) {
    return new StoredSchedule(
        schedule.name(),
        schedule.type(),
        schedule.spec(),
        schedule.zone(),
        schedule.enabled(),
        schedule.anchor(),
        schedule.lastSlot(),
        schedule.nextRun(),
        schedule.definition(),
        version);
  }

  @Override
  public Optional<StoredSchedule> findSchedule(String name) {
    Named named = byName.get(name);
    return named == null ? Optional.empty() : Optional.ofNullable(named.schedule);
  }

  @Override
  public List<StoredSchedule> findSchedules() {
    return schedulesWhere(schedule -> true);
  }

  /** Filters before sorting: most schedules are defined in code. */
  @Override
  public List<StoredSchedule> findDefinedSchedules() {
    return schedulesWhere(schedule -> schedule.definition() != null);
  }

  private List<StoredSchedule> schedulesWhere(Predicate<StoredSchedule> wanted) {
    List<StoredSchedule> found = new ArrayList<>();
    for (Named named : byName.values()) {
      StoredSchedule schedule = named.schedule;
      if (schedule != null && wanted.test(schedule)) {
        found.add(schedule);
      }
    }
    found.sort(BY_NAME);
    return found;
  }

  @Override
  public boolean deleteSchedule(String name) {
    boolean[] deleted = {false};
    byName.computeIfPresent(
        name,
        (key, named) -> {
          deleted[0] = named.schedule != null;
          named.schedule = null;
          return named.keep();
        });
    return deleted[0];
  }

  @Override
  public void updateSlots(String name, Instant lastSlot, Instant nextRun) {
    updateSchedule(name, schedule -> schedule.withSlots(lastSlot, nextRun));
  }

  @Override
  public void setEnabled(String name, boolean enabled) {
    updateSchedule(name, schedule -> schedule.withEnabled(enabled));
  }

  private void updateSchedule(String name, UnaryOperator<StoredSchedule> change) {
    byName.computeIfPresent(
        name,
        (key, named) -> {
          if (named.schedule != null) {
            named.schedule = change.apply(named.schedule);
          }
          return named;
        });
  }

  @Override
  public boolean insertRun(ExecutionRecord run) {
    boolean[] inserted = {false};
    byName.compute(
        run.scheduleName(),
        (name, named) -> {
          Named kept = named != null ? named : new Named();
          synchronized (kept) {
            inserted[0] = kept.insert(run, runsById, historyLimit);
          }
          return kept;
        });
    return inserted[0];
  }

  @Override
  public void updateRun(ExecutionRecord run) {
    runsById.computeIfPresent(
        run.runId(),
        (id, stored) ->
            stored.status().isFinal() || !Objects.equals(stored.node(), run.node()) ? stored : run);
  }

  /** {@inheritDoc} Atomic: one {@code compute} on the run. */
  @Override
  public boolean startQueued(ExecutionRecord run) {
    boolean[] started = {false};
    runsById.computeIfPresent(
        run.runId(),
        (id, stored) -> {
          if (stored.status() != ExecutionStatus.QUEUED
              || !Objects.equals(stored.node(), run.node())) {
            return stored;
          }
          started[0] = true;
          return run;
        });
    return started[0];
  }

  @Override
  public List<ExecutionRecord> findHistory(String scheduleName, int limit) {
    Named named = byName.get(scheduleName);
    if (named == null) {
      return List.of();
    }
    synchronized (named) {
      return named.ids == null
          ? List.of()
          : named.ids.stream().limit(limit).map(runsById::get).toList();
    }
  }

  /** {@inheritDoc} Scans every run kept. */
  @Override
  public List<ExecutionRecord> findRuns(Collection<ExecutionStatus> statuses, int limit) {
    Objects.requireNonNull(statuses, "statuses");
    return runsById.values().stream()
        .filter(run -> statuses.isEmpty() || statuses.contains(run.status()))
        .sorted(ExecutionRecord.NEWEST_FIRST)
        .limit(Math.max(0, limit))
        .toList();
  }

  @Override
  public Optional<ExecutionRecord> findRun(String runId) {
    return Optional.ofNullable(runsById.get(runId));
  }

  @Override
  public int deleteRunsFinishedBefore(Instant cutoff, int batchSize) {
    int[] deleted = {0};
    for (String name : byName.keySet()) {
      if (deleted[0] >= batchSize) {
        break;
      }
      byName.computeIfPresent(
          name,
          (key, named) -> {
            synchronized (named) {
              deleted[0] += named.deleteFinishedBefore(cutoff, batchSize - deleted[0], runsById);
            }
            return named.keep();
          });
    }
    return deleted[0];
  }

  @Override
  public Map<String, Object> healthDetails() {
    return Map.of("type", NAME, "historyLimitPerSchedule", historyLimit);
  }

  /**
   * What is kept under one name: the schedule while it is saved, and the runs recorded under the
   * name (newest first, made at the first run) with their fence keys. The runs stay when the
   * schedule is deleted. The runs are guarded by the object itself.
   */
  private static final class Named {
    volatile StoredSchedule schedule;
    private Deque<String> ids;
    private Set<FenceKey> fence;

    /** Records {@code run} in {@code runsById} too, keeping at most {@code historyLimit}. */
    boolean insert(ExecutionRecord run, Map<String, ExecutionRecord> runsById, int historyLimit) {
      if (ids == null) {
        ids = new ArrayDeque<>(4);
        fence = new HashSet<>(4);
      }
      if (run.trigger() != Trigger.MANUAL && !fence.add(fenceKey(run))) {
        return false;
      }
      ids.addFirst(run.runId());
      runsById.put(run.runId(), run);
      while (ids.size() > historyLimit) {
        ExecutionRecord dropped = runsById.remove(ids.removeLast());
        fence.remove(fenceKey(dropped));
      }
      return true;
    }

    int deleteFinishedBefore(Instant cutoff, int budget, Map<String, ExecutionRecord> runsById) {
      int deleted = 0;
      if (ids == null) {
        return 0;
      }
      for (Iterator<String> it = ids.iterator(); it.hasNext() && deleted < budget; ) {
        ExecutionRecord run = runsById.get(it.next());
        if (run.finishedAt() != null && run.finishedAt().isBefore(cutoff)) {
          it.remove();
          runsById.remove(run.runId());
          fence.remove(fenceKey(run));
          deleted++;
        }
      }
      return deleted;
    }

    /** This, or null (drop the name) when it holds neither a schedule nor runs. */
    Named keep() {
      synchronized (this) {
        return schedule == null && (ids == null || ids.isEmpty()) ? null : this;
      }
    }
  }

  private static FenceKey fenceKey(ExecutionRecord run) {
    return new FenceKey(run.scheduleName(), run.scheduledTime(), run.attempt());
  }

  /**
   * What a store's unique key on runs holds: one record per schedule, slot and attempt. Its {@code
   * equals} and {@code hashCode} are written out: a record's generated ones are linked at their
   * first call, a few milliseconds of a cold JVM spent on the first run's path.
   */
  private record FenceKey(String scheduleName, Instant slot, int attempt) {
    @Override
    public boolean equals(Object o) {
      return o instanceof FenceKey k
          && attempt == k.attempt
          && scheduleName.equals(k.scheduleName)
          && Objects.equals(slot, k.slot);
    }

    @Override
    public int hashCode() {
      return (scheduleName.hashCode() * 31 + Objects.hashCode(slot)) * 31 + attempt;
    }
  }
}
