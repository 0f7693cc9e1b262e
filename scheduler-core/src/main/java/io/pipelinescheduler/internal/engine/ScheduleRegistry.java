package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.UnknownScheduleException;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.spi.StoredJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered schedules: registration (replacing a definition keeps its state and history),
 * enable, disable, removal, and what is shown of them. Keeps the store in step.
 */
public final class ScheduleRegistry {
  private static final Logger log = LoggerFactory.getLogger(ScheduleRegistry.class);

  /** The {@code schedule} tag of every one-shot schedule's meters. */
  public static final String ONCE_TAG = "once";

  private final Map<String, ScheduleRuntime> schedules = new ConcurrentHashMap<>();
  private final Map<String, String> invalidStored = new ConcurrentHashMap<>();
  private BiFunction<String, Map<String, Object>, ScheduleDefinition> restorer;
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

  /**
   * Sets how a stored definition becomes a schedule again (the facade replays it through the
   * builder); called once, right after construction.
   */
  public void setRestorer(BiFunction<String, Map<String, Object>, ScheduleDefinition> replay) {
    this.restorer = replay;
  }

  /** Registers every stored data-defined schedule that is not registered yet. */
  public void restoreStored() {
    for (StoredSchedule stored : store.findDefinedSchedules()) {
      if (stored.definition() != null && !schedules.containsKey(stored.name())) {
        restore(stored.name(), stored.definition());
      }
    }
  }

  private void restore(String name, Map<String, Object> definition) {
    try {
      register(restorer.apply(name, definition));
      invalidStored.remove(name);
    } catch (RuntimeException e) {
      String reason = String.valueOf(e.getMessage());
      if (!reason.equals(invalidStored.put(name, reason))) {
        log.error("stored schedule '{}' cannot be restored: {}", Names.show(name), e.getMessage());
      }
    }
  }

  /** Stored schedules that could not be restored, with the reason. */
  public Map<String, String> invalidStored() {
    return Map.copyOf(invalidStored);
  }

  /** The definitions of every registered data-defined schedule, sorted by name. */
  public List<StoredJson.Entry> dataDefined() {
    return schedules.values().stream()
        .filter(runtime -> runtime.definition.data() != null)
        .sorted(Comparator.comparing(runtime -> runtime.name))
        .map(runtime -> new StoredJson.Entry(runtime.name, runtime.definition.data()))
        .toList();
  }

  Collection<ScheduleRuntime> runtimes() {
    return schedules.values();
  }

  boolean isCurrent(ScheduleRuntime runtime) {
    return !runtime.removed;
  }

  public int size() {
    return schedules.size();
  }

  /**
   * The value of the {@code schedule} tag on a schedule's meters: its name, or {@value #ONCE_TAG}
   * for a one-shot schedule, so that schedules made per event (an invoice, a reminder) share one
   * series instead of adding one each.
   */
  public String meterTag(String name) {
    ScheduleRuntime runtime = schedules.get(name);
    return runtime != null && runtime.definition.timing().type() == ScheduleType.ONCE
        ? ONCE_TAG
        : name;
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
    if (runtime != null) {
      runtime.removed = true;
    }
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
   * Picks up changes made in the store by others: data-defined schedules created, changed or
   * removed by another instance or an import, an operator's new spec for one, and any schedule
   * switched on or off in the table.
   */
  void refreshFromStore() {
    Set<String> stored = new HashSet<>();
    for (StoredSchedule row : store.findSchedules()) {
      stored.add(row.name());
      ScheduleRuntime runtime = schedules.get(row.name());
      if (row.definition() != null) {
        Map<String, Object> wanted = StoredSpecEdits.apply(row, runtime);
        if (runtime == null || !StoredJson.sameDefinition(runtime.definition.data(), wanted)) {
          restore(row.name(), wanted);
          runtime = schedules.get(row.name());
        }
      }
      if (runtime != null && row.enabled() != runtime.enabled) {
        applyStoredEnabled(runtime);
      }
    }
    for (ScheduleRuntime runtime : List.copyOf(schedules.values())) {
      if (runtime.definition.data() != null && !stored.contains(runtime.name)) {
        removeLocally(runtime);
      }
    }
  }

  /** A data-defined schedule whose row was deleted elsewhere stops here too. */
  private synchronized void removeLocally(ScheduleRuntime runtime) {
    if (schedules.remove(runtime.name, runtime)) {
      runtime.removed = true;
      synchronized (runtime) {
        engine.disarm(runtime);
      }
      log.info("schedule '{}' was removed from the store; unscheduled here", runtime.name);
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

  /**
   * Every registered schedule, and every stored one not registered (yet) on this instance, sorted
   * by name.
   */
  public List<ScheduleInfo> list() {
    Map<String, ScheduleInfo> byName = new TreeMap<>();
    schedules.values().forEach(runtime -> byName.put(runtime.name, info(runtime)));
    for (StoredSchedule row : store.findSchedules()) {
      if (!byName.containsKey(row.name())) {
        byName.put(row.name(), storedInfo(row));
      }
    }
    return List.copyOf(byName.values());
  }

  private ScheduleInfo storedInfo(StoredSchedule row) {
    List<ExecutionRecord> latest = store.findHistory(row.name(), 1);
    return new ScheduleInfo(
        row.name(),
        row.type(),
        row.spec(),
        "stored; not registered on this instance",
        row.zone(),
        row.enabled(),
        row.enabled() && row.nextRun() != null ? row.nextRun().atZone(row.zone()) : null,
        latest.isEmpty() ? null : latest.get(0));
  }

  /**
   * The next {@code count} fire times after now, in the schedule's zone, whether or not enabled.
   */
  public List<ZonedDateTime> nextRuns(String name, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    ScheduleRuntime runtime = require(name);
    Timing timing = runtime.definition.timing();
    List<ZonedDateTime> times = new ArrayList<>(count);
    if (!runtime.enabled) {
      return times;
    }
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
