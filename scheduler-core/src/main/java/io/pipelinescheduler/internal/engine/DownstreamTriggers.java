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
      for (Map.Entry<String, List<String>> downstream : downstreamOf(record).entrySet()) {
        trigger(downstream.getKey(), downstream.getValue(), record);
      }
    } catch (RuntimeException e) {
      log.warn(
          "schedule '{}': run {} succeeded, but its downstream schedules could not be triggered",
          record.scheduleName(),
          record.runId(),
          e);
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

  /** The enabled schedules after the run's schedule, with all their upstream names. */
  private Map<String, List<String>> downstreamOf(ExecutionRecord record) {
    String name = record.scheduleName();
    Map<String, List<String>> downstream = new LinkedHashMap<>();
    for (ScheduleRuntime runtime : registry.registeredAfter(name)) {
      if (runtime.enabled()) {
        downstream.put(runtime.name(), runtime.definition().after());
      }
    }
    for (StoredSchedule row : storedAfter()) {
      List<String> upstream = AfterTiming.upstreamOf(row.spec());
      if (upstream.contains(name) && row.enabled() && registry.current(row.name()).isEmpty()) {
        downstream.put(row.name(), upstream);
      }
    }
    return downstream;
  }

  /**
   * The stored rows of type AFTER, for schedules registered only on other instances (code jobs
   * there), as the registry last read them (the periodic refresh and the change feed: the delay
   * with which other instances' changes are followed anyway). None without persistence (the
   * registry knows every schedule).
   */
  private Collection<StoredSchedule> storedAfter() {
    return config.persistSchedules() ? registry.storedAfter() : List.of();
  }

  private void trigger(String downstream, List<String> upstream, ExecutionRecord ended) {
    Instant since =
        store.findHistory(downstream, HISTORY).stream()
            .map(ExecutionRecord::scheduledTime)
            .filter(slot -> slot != null)
            .max(Instant::compareTo)
            .orElse(null);
    Instant slot = null;
    for (String name : upstream) {
      Instant succeeded =
          name.equals(ended.scheduleName()) ? ended.finishedAt() : latestSuccess(name);
      if (succeeded == null || (since != null && !succeeded.isAfter(since))) {
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
    if (!store.insertRun(queued)) {
      return; // triggered already (another instance saw the same successes)
    }
    log.debug(
        "schedule '{}': triggered by {} (run {}), slot {}",
        downstream,
        ended.scheduleName(),
        ended.runId(),
        slot);
    if (here) {
      fence.runHere(runtime, queued, now, nanos);
    }
  }

  private Instant latestSuccess(String name) {
    return store.findHistory(name, HISTORY).stream()
        .filter(run -> run.status() == ExecutionStatus.SUCCEEDED)
        .map(ExecutionRecord::finishedAt)
        .filter(at -> at != null)
        .max(Instant::compareTo)
        .orElse(null);
  }
}
