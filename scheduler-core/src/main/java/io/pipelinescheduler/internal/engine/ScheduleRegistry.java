package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.UnknownScheduleException;
import io.pipelinescheduler.internal.time.DateExclusions;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.spi.StoredJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
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

  /**
   * The registered schedules that name upstream schedules ({@code after} or {@code dependsOn}): the
   * few a run's end concerns, so that it need not look at every schedule.
   */
  private final Set<ScheduleRuntime> withUpstream = ConcurrentHashMap.newKeySet();

  private final StoredDefinitions storedDefinitions;
  private final ScheduleStore store;
  private final Clock clock;
  private final UpstreamCheck upstreamCheck;
  private SlotTimetable timetable;
  private volatile Consumer<Collection<String>> changedHere = names -> {};
  private volatile Consumer<String> removed = name -> {};

  public ScheduleRegistry(ScheduleStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.storedDefinitions = new StoredDefinitions(this, store);
    this.upstreamCheck = new UpstreamCheck(store);
  }

  /** Connects the timetable the engine fires the schedules from; called once, by the engine. */
  void attach(SlotTimetable engineTimetable) {
    this.timetable = engineTimetable;
  }

  /**
   * Where the names of schedules changed by this instance go, so that the other instances hear of
   * them at once (see {@link ChangeFollower}); called once, by the engine.
   */
  void publishChangesTo(Consumer<Collection<String>> feed) {
    this.changedHere = feed;
  }

  /**
   * Tells the other instances of the data-defined schedules among these, registered here: those are
   * what they act on. A schedule whose job is code is registered by each instance that has the
   * code, so its registration is news to none (its switching on or off and removal still are).
   */
  private void announce(Collection<ScheduleDefinition> definitions) {
    List<String> names = new ArrayList<>();
    for (ScheduleDefinition definition : definitions) {
      if (definition.data() != null) {
        names.add(definition.name());
      }
    }
    if (!names.isEmpty()) {
      changedHere.accept(names);
    }
  }

  /**
   * Where the name of each schedule removed here goes (unscheduled, or deleted in the store by
   * another instance), so that what is kept about it elsewhere goes with it; called once, right
   * after construction.
   */
  public void onRemoved(Consumer<String> removed) {
    this.removed = removed;
  }

  /**
   * Sets how a stored definition becomes a schedule again (the facade replays it through the
   * builder); called once, right after construction.
   */
  public void setRestorer(BiFunction<String, Map<String, Object>, ScheduleDefinition> replay) {
    storedDefinitions.setRestorer(replay);
  }

  /** Registers every stored data-defined schedule that is not registered yet. */
  public void restoreStored() {
    storedDefinitions.restoreAll();
  }

  /** Stored schedules that could not be restored, with the reason. */
  public Map<String, String> invalidStored() {
    return storedDefinitions.invalid();
  }

  /** The definitions of every registered data-defined schedule, sorted by name. */
  public List<StoredJson.Entry> dataDefined() {
    return schedules.values().stream()
        .filter(runtime -> runtime.definition().data() != null)
        .sorted(Comparator.comparing(ScheduleRuntime::name))
        .map(runtime -> new StoredJson.Entry(runtime.name(), runtime.definition().data()))
        .toList();
  }

  Collection<ScheduleRuntime> runtimes() {
    return schedules.values();
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
    return runtime != null && runtime.definition().timing().type() == ScheduleType.ONCE
        ? ONCE_TAG
        : name;
  }

  /** The instant an every-N-months schedule counts from: kept from its first registration. */
  public Instant anchorFor(String name) {
    ScheduleRuntime runtime = schedules.get(name);
    if (runtime != null) {
      synchronized (runtime) {
        return runtime.anchor();
      }
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
  public ScheduleInfo register(ScheduleDefinition definition) {
    return register(definition, null);
  }

  /**
   * As {@link #register(ScheduleDefinition)}, given what the definition's timing shows when the
   * caller has worked it out already (null when not), so that it is not worked out again.
   */
  public synchronized ScheduleInfo register(ScheduleDefinition definition, TimingShown shown) {
    checkUpstream(List.of(definition));
    Instant now = clock.instant();
    ScheduleRuntime existing = schedules.get(definition.name());
    if (existing == null) {
      return registerNew(definition, now, shown);
    }
    ScheduleRuntime runtime = existing;
    synchronized (runtime) {
      ScheduleDefinition previous = runtime.definition();
      boolean sameTiming = previous.sameTimingAs(definition);
      runtime.redefine(definition);
      try {
        store.saveSchedule(
            ScheduleViews.toStored(
                runtime, runtime.nextSlotOnRegistration(now, sameTiming), shown));
      } catch (RuntimeException e) {
        runtime.redefine(previous);
        throw e;
      }
      put(runtime);
      if (!sameTiming) {
        runtime.forgetSlots();
      }
      timetable.arm(runtime, now, sameTiming);
      announce(List.of(definition));
      return ScheduleViews.info(runtime, shown);
    }
  }

  /**
   * Follows a definition read from the store (written there by another instance, an import or an
   * operator): registers it here without writing it back, with the row's enabled state and, when
   * the timing is unchanged, its last slot.
   */
  synchronized void adopt(ScheduleDefinition definition, StoredSchedule row) {
    Instant now = clock.instant();
    ScheduleRuntime existing = schedules.get(definition.name());
    ScheduleRuntime runtime =
        existing != null ? existing : new ScheduleRuntime(definition.name(), definition, now);
    synchronized (runtime) {
      boolean sameTiming;
      if (existing == null) {
        Timing timing = definition.timing();
        sameTiming =
            row.type() == timing.type()
                && row.spec().equals(timing.spec())
                && row.zone().equals(timing.zone());
        runtime.restore(row.enabled(), row.anchor(), sameTiming ? row.lastSlot() : null);
        sameTiming = true; // the restored last slot counts: slots missed since then are caught up
      } else {
        sameTiming = existing.definition().sameTimingAs(definition);
        runtime.redefine(definition);
        runtime.setEnabled(row.enabled(), clock.instant());
        if (!sameTiming) {
          runtime.forgetSlots();
        }
      }
      put(runtime);
      timetable.arm(runtime, now, sameTiming);
    }
  }

  /**
   * Registers a schedule not registered here yet with one store call: its stored state (if any) is
   * read, kept and written in one {@link ScheduleStore#mergeSchedule}.
   */
  private ScheduleInfo registerNew(ScheduleDefinition definition, Instant now, TimingShown shown) {
    AtomicReference<ScheduleRuntime> restored = new AtomicReference<>();
    store.mergeSchedule(
        definition.name(),
        (stored, latest) -> {
          ScheduleRuntime fresh = restore(definition, now, stored, latest);
          restored.set(fresh);
          return ScheduleViews.toStored(fresh, fresh.nextSlotOnRegistration(now, true), shown);
        });
    ScheduleRuntime runtime = restored.get();
    if (runtime == null) {
      throw new SchedulerException(
          "store '" + store.name() + "' saved schedule '" + definition.name() + "' without merge");
    }
    synchronized (runtime) {
      put(runtime);
      timetable.arm(runtime, now, true);
      announce(List.of(definition));
      return ScheduleViews.info(runtime, shown);
    }
  }

  /**
   * Registers or replaces several schedules (of distinct names) as {@link #register} does each,
   * with one store write ({@link ScheduleStore#saveSchedules}) after one read of the stored state
   * and one of the latest runs of the names not registered here yet (a single definition goes the
   * way of {@link #register}, one store call). When the store fails, nothing changes. Returns what
   * is registered, in the order given.
   *
   * @throws IllegalArgumentException when a name is given twice
   */
  public List<ScheduleInfo> registerAll(List<ScheduleDefinition> definitions) {
    return registerAll(definitions, Map.of());
  }

  /**
   * As {@link #registerAll(List)}, given what the definitions' timings show, by name, where the
   * caller has worked it out already (the names missing are worked out here).
   */
  public synchronized List<ScheduleInfo> registerAll(
      List<ScheduleDefinition> definitions, Map<String, TimingShown> shownByName) {
    if (definitions.isEmpty()) {
      return List.of();
    }
    if (definitions.size() == 1) {
      ScheduleDefinition only = definitions.get(0);
      return List.of(
          register(only, shownByName.get(only.name()))); // one store call instead of three
    }
    Instant now = clock.instant();
    Map<String, ScheduleDefinition> byName = new LinkedHashMap<>();
    for (ScheduleDefinition definition : definitions) {
      if (byName.put(definition.name(), definition) != null) {
        throw new IllegalArgumentException("schedule '" + definition.name() + "' is given twice");
      }
    }
    checkUpstream(byName.values());
    List<String> newNames =
        byName.keySet().stream().filter(name -> !schedules.containsKey(name)).toList();
    Map<String, StoredSchedule> stored = new HashMap<>();
    Map<String, ExecutionRecord> latest = Map.of();
    if (!newNames.isEmpty()) {
      store.findSchedules(newNames).forEach(row -> stored.put(row.name(), row));
      latest = store.findLatestRuns(newNames);
    }
    Map<String, ScheduleRuntime> fresh = new HashMap<>();
    List<StoredSchedule> rows = new ArrayList<>(byName.size());
    for (ScheduleDefinition definition : byName.values()) {
      String name = definition.name();
      ScheduleRuntime existing = schedules.get(name);
      if (existing == null) {
        ScheduleRuntime runtime =
            restore(
                definition,
                now,
                Optional.ofNullable(stored.get(name)),
                Optional.ofNullable(latest.get(name)));
        fresh.put(name, runtime);
        rows.add(
            ScheduleViews.toStored(
                runtime, runtime.nextSlotOnRegistration(now, true), shownByName.get(name)));
      } else {
        rows.add(rowAfterRedefining(existing, definition, now));
      }
    }
    store.saveSchedules(rows);
    List<ScheduleInfo> infos = new ArrayList<>(byName.size());
    for (ScheduleDefinition definition : byName.values()) {
      ScheduleRuntime runtime = fresh.get(definition.name());
      if (runtime != null) {
        synchronized (runtime) {
          put(runtime);
          timetable.arm(runtime, now, true);
          infos.add(ScheduleViews.info(runtime, shownByName.get(definition.name())));
        }
      } else {
        infos.add(redefine(schedules.get(definition.name()), definition, now));
      }
    }
    announce(byName.values());
    return infos;
  }

  /**
   * Refuses definitions whose upstream names ({@code after}, {@code dependsOn}) name no schedule or
   * make a cycle; see {@link UpstreamCheck}.
   */
  private void checkUpstream(Collection<ScheduleDefinition> definitions) {
    // A loop, not a stream: every registration comes here, most with no upstream at all.
    boolean anyUpstream = false;
    for (ScheduleDefinition definition : definitions) {
      if (definition.hasUpstream()) {
        anyUpstream = true;
        break;
      }
    }
    if (!anyUpstream) {
      return; // nothing can point back at a schedule that names no upstream
    }
    Map<String, List<String>> registered = new HashMap<>();
    schedules.forEach((name, runtime) -> registered.put(name, runtime.definition().upstream()));
    upstreamCheck.check(registered, definitions);
  }

  /** The downstream schedules registered here whose {@code after} names {@code upstream}. */
  List<ScheduleRuntime> registeredAfter(String upstream) {
    if (withUpstream.isEmpty()) {
      return List.of(); // the common case, at every run's end
    }
    return withUpstream.stream()
        .filter(runtime -> runtime.definition().after().contains(upstream))
        .toList();
  }

  /** The schedules registered here that run after others ({@code after}). */
  List<ScheduleRuntime> registeredAfterAny() {
    return withUpstream.stream()
        .filter(runtime -> !runtime.definition().after().isEmpty())
        .toList();
  }

  /** The schedules registered here whose {@code dependsOn} names {@code upstream}. */
  List<ScheduleRuntime> registeredDependingOn(String upstream) {
    if (withUpstream.isEmpty()) {
      return List.of();
    }
    return withUpstream.stream()
        .filter(runtime -> runtime.definition().dependsOn().contains(upstream))
        .toList();
  }

  /** Registers {@code runtime} under its name (new, or with a new definition). */
  private void put(ScheduleRuntime runtime) {
    schedules.put(runtime.name(), runtime);
    track(runtime);
  }

  /** Keeps {@link #withUpstream} in step with the runtime's current definition. */
  private void track(ScheduleRuntime runtime) {
    if (runtime.isCurrent() && runtime.definition().hasUpstream()) {
      withUpstream.add(runtime);
    } else if (!withUpstream.isEmpty()) {
      withUpstream.remove(runtime);
    }
  }

  /** The row a registered schedule will have once redefined, without redefining it yet. */
  private static StoredSchedule rowAfterRedefining(
      ScheduleRuntime runtime, ScheduleDefinition definition, Instant now) {
    synchronized (runtime) {
      ScheduleDefinition previous = runtime.definition();
      boolean sameTiming = previous.sameTimingAs(definition);
      runtime.redefine(definition);
      try {
        return ScheduleViews.toStored(runtime, runtime.nextSlotOnRegistration(now, sameTiming));
      } finally {
        runtime.redefine(previous);
      }
    }
  }

  /** Redefines a registered schedule whose new row is stored, as {@link #register} does. */
  private ScheduleInfo redefine(
      ScheduleRuntime runtime, ScheduleDefinition definition, Instant now) {
    synchronized (runtime) {
      boolean sameTiming = runtime.definition().sameTimingAs(definition);
      runtime.redefine(definition);
      track(runtime);
      if (!sameTiming) {
        runtime.forgetSlots();
      }
      timetable.arm(runtime, now, sameTiming);
      return ScheduleViews.info(runtime);
    }
  }

  /** The runtime of a schedule not registered here yet, with what the store keeps of it. */
  private static ScheduleRuntime restore(
      ScheduleDefinition definition,
      Instant now,
      Optional<StoredSchedule> stored,
      Optional<ExecutionRecord> latest) {
    ScheduleRuntime runtime = new ScheduleRuntime(definition.name(), definition, now);
    stored.ifPresent(
        state -> {
          Timing timing = definition.timing();
          boolean sameTiming =
              state.type() == timing.type()
                  && state.spec().equals(timing.spec())
                  && state.zone().equals(timing.zone());
          // A different stored timing means the schedule was redefined: its old slots are not
          // missed.
          runtime.restore(state.enabled(), state.anchor(), sameTiming ? state.lastSlot() : null);
        });
    latest.ifPresent(runtime::restoreLastRun);
    return runtime;
  }

  /** Removes a schedule; its history stays. False when there was none. */
  public synchronized boolean unschedule(String name) {
    ScheduleRuntime runtime = schedules.remove(name);
    if (runtime != null) {
      runtime.markRemoved();
      track(runtime);
    }
    boolean storedOnly = runtime == null && store.findSchedule(name).isPresent();
    if (runtime != null) {
      synchronized (runtime) {
        timetable.disarm(runtime);
      }
    }
    if (runtime != null || storedOnly) {
      store.deleteSchedule(name);
      changedHere.accept(List.of(name));
      removed.accept(name);
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

  /** The stored schedules of type AFTER, registered here or not (see {@link StoredDefinitions}). */
  Collection<StoredSchedule> storedAfter() {
    return storedDefinitions.storedAfter();
  }

  /** Picks up changes made in the store by others (see {@link StoredDefinitions#refresh}). */
  void refreshFromStore() {
    storedDefinitions.refresh();
  }

  /** Picks up changes to these schedules, reported by a change feed. */
  void refreshFromStore(Set<String> names) {
    storedDefinitions.refresh(names);
  }

  /** A data-defined schedule whose row was deleted elsewhere stops here too. */
  synchronized void removeLocally(ScheduleRuntime runtime) {
    if (schedules.remove(runtime.name(), runtime)) {
      runtime.markRemoved();
      track(runtime);
      synchronized (runtime) {
        timetable.disarm(runtime);
      }
      log.info("schedule '{}' was removed from the store; unscheduled here", runtime.name());
      removed.accept(runtime.name());
    }
  }

  /** The schedule was switched on or off in the store ({@code row}, just read): follows it here. */
  void applyStoredEnabled(ScheduleRuntime runtime, StoredSchedule row) {
    synchronized (runtime) {
      if (row.enabled() == runtime.enabled()) {
        return;
      }
      runtime.setEnabled(row.enabled(), clock.instant());
      if (runtime.enabled()) {
        timetable.arm(runtime, clock.instant(), false);
      } else {
        timetable.disarm(runtime);
      }
    }
  }

  public void enable(String name) {
    ScheduleRuntime runtime = require(name);
    synchronized (runtime) {
      if (runtime.enabled()) {
        return;
      }
      store.setEnabled(name, true);
      runtime.setEnabled(true, clock.instant());
      timetable.arm(runtime, clock.instant(), false);
    }
    changedHere.accept(List.of(name));
  }

  public void disable(String name) {
    ScheduleRuntime runtime = require(name);
    synchronized (runtime) {
      if (!runtime.enabled()) {
        return;
      }
      store.setEnabled(name, false);
      runtime.setEnabled(false, clock.instant());
      timetable.disarm(runtime);
    }
    changedHere.accept(List.of(name));
  }

  /** The run policy of the schedule registered here under {@code name}, if any. Lock-free. */
  public Optional<RunPolicy> policy(String name) {
    return current(name).map(runtime -> runtime.definition().policy());
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
    return runtime == null ? Optional.empty() : Optional.of(ScheduleViews.info(runtime));
  }

  /**
   * Every registered schedule, and every stored one not registered (yet) on this instance, sorted
   * by name.
   */
  public List<ScheduleInfo> list() {
    Map<String, ScheduleInfo> byName = new TreeMap<>();
    schedules.values().forEach(runtime -> byName.put(runtime.name(), ScheduleViews.info(runtime)));
    for (StoredSchedule row : store.findSchedules()) {
      if (!byName.containsKey(row.name())) {
        byName.put(row.name(), ScheduleViews.stored(row, store.findHistory(row.name(), 1)));
      }
    }
    return List.copyOf(byName.values());
  }

  /** The dates whose slots the registered schedule skips; none when it has no holiday calendar. */
  public DateExclusions excluded(String name) {
    return require(name).definition().timing().excluded();
  }

  /**
   * The next {@code count} fire times after now, in the schedule's zone, whether or not enabled.
   */
  public List<ZonedDateTime> nextRuns(String name, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was " + count);
    }
    return ScheduleViews.nextRuns(require(name), clock.instant(), count);
  }

  /** Job types that registered schedules use, for the unregistered-types health detail. */
  public List<String> jobTypesInUse() {
    return schedules.values().stream()
        .map(runtime -> runtime.definition().jobSpec())
        .filter(spec -> spec != null)
        .map(JobSpec::type)
        .distinct()
        .sorted()
        .toList();
  }
}
