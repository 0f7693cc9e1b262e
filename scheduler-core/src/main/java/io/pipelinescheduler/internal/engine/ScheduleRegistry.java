package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.UnknownScheduleException;
import io.pipelinescheduler.internal.time.Timing;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered schedules: registration (replacing a definition keeps its state and history),
 * enable, disable, removal, and what is shown of them. Keeps the store in step.
 */
public final class ScheduleRegistry {
  private final Map<String, ScheduleRuntime> schedules = new ConcurrentHashMap<>();
  private final ScheduleStore store;
  private final Clock clock;
  private SchedulerEngine engine;

  public ScheduleRegistry(ScheduleStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Connects the engine that fires the schedules; called once, right after construction. */
  public void attach(SchedulerEngine schedulerEngine) {
    this.engine = schedulerEngine;
  }

  Collection<ScheduleRuntime> runtimes() {
    return schedules.values();
  }

  boolean isCurrent(ScheduleRuntime runtime) {
    return schedules.get(runtime.name) == runtime;
  }

  public int size() {
    return schedules.size();
  }

  /** The instant an every-N-months schedule counts from: kept from its first registration. */
  public Instant anchorFor(String name) {
    ScheduleRuntime runtime = schedules.get(name);
    if (runtime != null) {
      return runtime.anchor;
    }
    return store
        .findSchedule(name)
        .map(StoredSchedule::anchor)
        .filter(anchor -> anchor != null)
        .orElseGet(clock::instant);
  }

  /**
   * Registers or replaces a schedule. A replacement keeps the enabled state, the last slot (when
   * the timing is unchanged) and the history. When the store fails, nothing changes.
   */
  public synchronized ScheduleInfo register(ScheduleDefinition definition) {
    Instant now = clock.instant();
    ScheduleRuntime existing = schedules.get(definition.name());
    ScheduleRuntime runtime = existing != null ? existing : restore(definition, now);
    synchronized (runtime) {
      ScheduleDefinition previous = runtime.definition;
      boolean sameTiming = previous.sameTimingAs(definition);
      runtime.definition = definition;
      try {
        store.saveSchedule(toStored(runtime, nextSlotPreview(runtime, now, sameTiming)));
      } catch (RuntimeException e) {
        runtime.definition = previous;
        throw e;
      }
      schedules.put(definition.name(), runtime);
      if (!sameTiming) {
        runtime.lastSlot = null;
        runtime.queuedSlot = null;
        runtime.backlog.clear();
      }
      engine.arm(runtime, now, sameTiming);
      return info(runtime);
    }
  }

  private ScheduleRuntime restore(ScheduleDefinition definition, Instant now) {
    ScheduleRuntime runtime = new ScheduleRuntime(definition.name(), definition);
    runtime.anchor = now;
    Optional<StoredSchedule> stored = store.findSchedule(definition.name());
    stored.ifPresent(
        state -> {
          runtime.enabled = state.enabled();
          if (state.anchor() != null) {
            runtime.anchor = state.anchor();
          }
          Timing timing = definition.timing();
          boolean sameTiming =
              state.type() == timing.type()
                  && state.spec().equals(timing.spec())
                  && state.zone().equals(timing.zone());
          // A different stored timing means the schedule was redefined: its old slots are not
          // missed.
          runtime.lastSlot = sameTiming ? state.lastSlot() : null;
        });
    List<ExecutionRecord> latest = store.findHistory(definition.name(), 1);
    if (!latest.isEmpty()) {
      runtime.lastRun = latest.get(0);
      runtime.previousRunStart = latest.get(0).startedAt();
    }
    return runtime;
  }

  private Instant nextSlotPreview(ScheduleRuntime runtime, Instant now, boolean sameTiming) {
    if (!runtime.enabled) {
      return null;
    }
    Instant from = sameTiming && runtime.lastSlot != null ? runtime.lastSlot : now;
    return runtime.definition.timing().nextAfter(from).orElse(null);
  }

  /** Removes a schedule; its history stays. False when there was none. */
  public synchronized boolean unschedule(String name) {
    ScheduleRuntime runtime = schedules.remove(name);
    boolean storedOnly = runtime == null && store.findSchedule(name).isPresent();
    if (runtime != null) {
      synchronized (runtime) {
        engine.disarm(runtime);
      }
    }
    if (runtime != null || storedOnly) {
      store.deleteSchedule(name);
      return true;
    }
    return false;
  }

  /** Removes every schedule, registered or only stored; history stays. */
  public synchronized void clear() {
    TreeSet<String> names = new TreeSet<>(schedules.keySet());
    store.findSchedules().forEach(stored -> names.add(stored.name()));
    names.forEach(this::unschedule);
  }

  /**
   * Picks up changes made in the store by others: an operator switching a schedule on or off in the
   * table, or another instance doing so.
   */
  void refreshFromStore() {
    for (StoredSchedule stored : store.findSchedules()) {
      ScheduleRuntime runtime = schedules.get(stored.name());
      if (runtime != null && stored.enabled() != runtime.enabled) {
        applyStoredEnabled(runtime);
      }
    }
  }

  private void applyStoredEnabled(ScheduleRuntime runtime) {
    synchronized (runtime) {
      Optional<StoredSchedule> fresh = store.findSchedule(runtime.name);
      if (fresh.isEmpty() || fresh.get().enabled() == runtime.enabled) {
        return;
      }
      runtime.enabled = fresh.get().enabled();
      if (runtime.enabled) {
        engine.arm(runtime, clock.instant(), false);
      } else {
        engine.disarm(runtime);
      }
    }
  }

  public void enable(String name) {
    ScheduleRuntime runtime = require(name);
    synchronized (runtime) {
      if (runtime.enabled) {
        return;
      }
      store.setEnabled(name, true);
      runtime.enabled = true;
      engine.arm(runtime, clock.instant(), false);
    }
  }

  public void disable(String name) {
    ScheduleRuntime runtime = require(name);
    synchronized (runtime) {
      if (!runtime.enabled) {
        return;
      }
      store.setEnabled(name, false);
      runtime.enabled = false;
      engine.disarm(runtime);
    }
  }

  Optional<ScheduleRuntime> current(String name) {
    return Optional.ofNullable(schedules.get(name));
  }

  public ScheduleRuntime require(String name) {
    ScheduleRuntime runtime = schedules.get(name);
    if (runtime == null) {
      throw new UnknownScheduleException(name);
    }
    return runtime;
  }

  public Optional<ScheduleInfo> info(String name) {
    ScheduleRuntime runtime = schedules.get(name);
    return runtime == null ? Optional.empty() : Optional.of(info(runtime));
  }

  public List<ScheduleInfo> list() {
    return schedules.values().stream()
        .sorted(Comparator.comparing(runtime -> runtime.name))
        .map(this::info)
        .toList();
  }

  /**
   * The next {@code count} fire times after now, in the schedule's zone, whether or not enabled.
   */
  public List<ZonedDateTime> nextRuns(String name, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    Timing timing = require(name).definition.timing();
    List<ZonedDateTime> times = new ArrayList<>(count);
    Instant cursor = clock.instant();
    while (times.size() < count) {
      Optional<Instant> next = timing.nextAfter(cursor);
      if (next.isEmpty()) {
        break;
      }
      cursor = next.get();
      times.add(cursor.atZone(timing.zone()));
    }
    return times;
  }

  /** Job types that registered schedules use, for the unregistered-types health detail. */
  public List<String> jobTypesInUse() {
    return schedules.values().stream()
        .map(runtime -> runtime.definition.jobSpec())
        .filter(spec -> spec != null)
        .map(JobSpec::type)
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Why a schedule with dependencies may not run now, or null when every dependency's latest
   * finished run succeeded after this schedule's own previous run started.
   */
  String unmetDependency(ScheduleRuntime runtime) {
    for (String dependency : runtime.definition.dependsOn()) {
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
      Instant since = runtime.previousRunStart;
      if (since != null && latest.finishedAt().isBefore(since)) {
        return "dependency '"
            + dependency
            + "' has not succeeded since this schedule's previous run at "
            + since;
      }
    }
    return null;
  }

  private ScheduleInfo info(ScheduleRuntime runtime) {
    ScheduleDefinition definition = runtime.definition;
    Timing timing = definition.timing();
    Instant next = runtime.enabled ? runtime.nextSlot : null;
    return new ScheduleInfo(
        runtime.name,
        timing.type(),
        timing.spec(),
        definition.effectiveDescription(),
        timing.zone(),
        runtime.enabled,
        next == null ? null : next.atZone(timing.zone()),
        runtime.lastRun);
  }

  private static StoredSchedule toStored(ScheduleRuntime runtime, Instant next) {
    ScheduleDefinition definition = runtime.definition;
    Timing timing = definition.timing();
    return new StoredSchedule(
        runtime.name,
        timing.type(),
        timing.spec(),
        timing.zone(),
        runtime.enabled,
        runtime.anchor,
        runtime.lastSlot,
        next,
        definition.data(),
        0);
  }
}
