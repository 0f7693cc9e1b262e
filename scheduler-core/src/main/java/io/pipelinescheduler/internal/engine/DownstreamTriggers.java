package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.time.AfterTiming;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run that ended starts downstream: the schedules {@code after} it, once every one of their
 * upstream schedules has succeeded since their own last run, and the slots of {@code dependsOn}
 * schedules waiting for it (checked again at once, see {@link SlotRules}). A trigger is written to
 * the store as a QUEUED run of the downstream ({@link Trigger#UPSTREAM}) whose slot is the latest
 * end among the upstream successes that completed it: the store's fence on (schedule, slot,
 * attempt) keeps it to one run even when two instances see the same successes. It runs here at once
 * when this instance can run the downstream; otherwise it is written as unclaimed (its claim
 * instant a heartbeat timeout back), so that the next heartbeat of an instance that can run it
 * takes it over through the {@link QueuedRunFence}, also after a restart. Called where a run's end
 * was recorded, no monitor held.
 */
final class DownstreamTriggers {
  private static final Logger log = LoggerFactory.getLogger(DownstreamTriggers.class);

  /** How many recent runs are read for a schedule's latest success or latest trigger. */
  private static final int HISTORY = 20;

  private final SchedulerConfig config;
  private final Clock clock;
  private final ScheduleStore store;
  private final ScheduleRegistry registry;
  private final Ownership ownership;
  private final QueuedRunFence fence;
  private final SlotTimetable timetable;
  private final BooleanSupplier running;
  private final Set<String> withoutDownstream = ConcurrentHashMap.newKeySet();

  DownstreamTriggers(
      SchedulerConfig config,
      ScheduleStore store,
      ScheduleRegistry registry,
      Ownership ownership,
      QueuedRunFence fence,
      SlotTimetable timetable,
      BooleanSupplier running) {
    this.config = config;
    this.clock = config.clock();
    this.store = store;
    this.registry = registry;
    this.ownership = ownership;
    this.fence = fence;
    this.timetable = timetable;
    this.running = running;
  }

  /**
   * The run triggers nothing downstream when it ends ({@code runNow(name, false)}). Called while
   * the run's schedule's monitor is held, before the run can be recorded as ended.
   */
  void withoutDownstream(String runId) {
    withoutDownstream.add(runId);
  }

  /** A run ended and its end was written (or waits for the store). */
  void runEnded(ExecutionRecord record) {
    boolean trigger = !withoutDownstream.remove(record.runId());
    if (!record.success()) {
      return;
    }
    wakeWaiting(record.scheduleName());
    if (!trigger) {
      return;
    }
    try {
      for (Downstream downstream : downstreamOf(record.scheduleName())) {
        trigger(downstream, record);
      }
    } catch (RuntimeException e) {
      log.warn(
          "schedule '{}': run {} succeeded, but its downstream schedules could not be triggered",
          record.scheduleName(),
          record.runId(),
          e);
    }
  }

  /**
   * Writes the triggers that were lost, e.g. by a crash between the end of an upstream run and the
   * trigger it writes just after: for each enabled schedule after others registered here, a trigger
   * when each of its upstreams has a scheduled (not manual) success since its last run. The store's
   * fence makes it a no-op when the trigger was written. Called every heartbeat interval.
   */
  void catchUp() {
    if (!running.getAsBoolean()) {
      return;
    }
    for (ScheduleRuntime runtime : registry.registeredAfterAny()) {
      if (runtime.enabled()) {
        trigger(downstream(runtime), null);
      }
    }
  }

  /** The slots waiting for {@code dependency} are checked again now. */
  private void wakeWaiting(String dependency) {
    for (ScheduleRuntime runtime : registry.registeredDependingOn(dependency)) {
      synchronized (runtime) {
        if (runtime.dependencyWait() != null) {
          timetable.dependencyCheckAt(runtime, clock.instant(), false);
        }
      }
    }
  }

  /** The enabled schedules after the {@code upstream} schedule. */
  private List<Downstream> downstreamOf(String upstream) {
    List<ScheduleRuntime> registered = registry.registeredAfter(upstream);
    Collection<StoredSchedule> stored = storedAfter();
    if (registered.isEmpty() && stored.isEmpty()) {
      return List.of(); // no workflows: the common case, at every run's end
    }
    Map<String, Downstream> downstream = new LinkedHashMap<>();
    for (ScheduleRuntime runtime : registered) {
      if (runtime.enabled()) {
        downstream.put(runtime.name(), downstream(runtime));
      }
    }
    for (StoredSchedule row : stored) {
      List<String> names = AfterTiming.upstreamOf(row.spec());
      if (names.contains(upstream)
          && row.enabled()
          && registry.current(row.name()).isEmpty()
          && !downstream.containsKey(row.name())) {
        downstream.put(row.name(), new Downstream(row.name(), names, row.anchor()));
      }
    }
    return List.copyOf(downstream.values());
  }

  private static Downstream downstream(ScheduleRuntime runtime) {
    synchronized (runtime) {
      return new Downstream(
          runtime.name(), runtime.definition().after(), runtime.countsUpstreamFrom());
    }
  }

  /**
   * A schedule after others: its upstream names, and since when it counts their successes (its
   * first registration, or when it was last switched on; null when unknown).
   */
  private record Downstream(String name, List<String> upstream, Instant registered) {}

  /**
   * The stored rows of type AFTER, for schedules registered only on other instances (code jobs
   * there), as the registry last read them (the periodic refresh and the change feed: the delay
   * with which other instances' changes are followed anyway). None without persistence (the
   * registry knows every schedule).
   */
  private Collection<StoredSchedule> storedAfter() {
    return config.persistSchedules() ? registry.storedAfter() : List.of();
  }

  /**
   * Writes the trigger of {@code target} when each of its upstreams succeeded since its last run:
   * {@code ended} just now, the others as their history says ({@code ended} null: every upstream by
   * its latest scheduled success, see {@link #catchUp}).
   */
  private void trigger(Downstream target, ExecutionRecord ended) {
    String downstream = target.name();
    Instant lastTriggered = // the slot of its latest run: the upstream end that triggered it
        store.findHistory(downstream, HISTORY).stream()
            .map(ExecutionRecord::scheduledTime)
            .filter(slot -> slot != null)
            .max(Instant::compareTo)
            .orElse(null);
    Instant from = target.registered();
    Instant slot = null;
    for (String name : target.upstream()) {
      Instant succeeded =
          ended != null && name.equals(ended.scheduleName())
              ? ended.finishedAt()
              : latestSuccess(name, ended == null);
      if (succeeded == null
          || (lastTriggered != null && !succeeded.isAfter(lastTriggered))
          || (from != null && succeeded.isBefore(from))) {
        return; // fan-in: waits for this one to succeed too
      }
      slot = slot == null || succeeded.isAfter(slot) ? succeeded : slot;
    }
    slot = slot.truncatedTo(ChronoUnit.MICROS); // as the stores keep it, so that both fence alike
    ScheduleRuntime runtime = registry.current(downstream).orElse(null);
    boolean here = runtime != null && running.getAsBoolean() && ownership.canRun(runtime);
    Instant now = clock.instant();
    long nanos = System.nanoTime();
    // Left to others: unclaimed at once, so the next heartbeat of one that can run it takes it.
    Instant claimedAt = here ? now : now.minus(config.heartbeatTimeout()).minusMillis(1);
    ExecutionRecord queued =
        ExecutionRecord.queued(
            SlotClaims.newRunId(),
            downstream,
            slot,
            claimedAt,
            1,
            Trigger.UPSTREAM,
            config.instanceId());
    if (here) {
      fence.recording(queued.runId());
    }
    boolean inserted = false;
    try {
      inserted = store.insertRun(queued);
    } finally {
      if (here && !inserted) {
        fence.notRecorded(queued.runId());
      }
    }
    if (!inserted) {
      return; // triggered already (another instance saw the same successes)
    }
    if (ended == null) {
      log.info(
          "schedule '{}': its upstream succeeded at {} without triggering it (e.g. an instance"
              + " stopped in between); triggered now",
          downstream,
          slot);
    } else {
      log.debug(
          "schedule '{}': triggered by {} (run {}), slot {}",
          downstream,
          ended.scheduleName(),
          ended.runId(),
          slot);
    }
    if (here) {
      fence.runHere(runtime, queued, now, nanos);
    }
  }

  /**
   * When the latest success of {@code name} ended; with {@code scheduledOnly}, not a manual run's.
   */
  private Instant latestSuccess(String name, boolean scheduledOnly) {
    return store.findHistory(name, HISTORY).stream()
        .filter(run -> run.status() == ExecutionStatus.SUCCEEDED)
        .filter(run -> !scheduledOnly || run.trigger() != Trigger.MANUAL)
        .map(ExecutionRecord::finishedAt)
        .filter(at -> at != null)
        .max(Instant::compareTo)
        .orElse(null);
  }
}
