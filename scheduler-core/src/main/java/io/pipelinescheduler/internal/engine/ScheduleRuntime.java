package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * The live state of one registered schedule, changed only through its verbs. The volatile parts
 * (definition, enabled, next slot, last run, removed) are read without a lock; every verb, and
 * every read of the other parts, needs the object's own monitor ("monitor" below), except where it
 * says otherwise. The state kept while the store or lock backend fails is in {@link #outage()}.
 */
final class ScheduleRuntime {
  private final String name;
  private volatile ScheduleDefinition definition;
  private volatile boolean enabled = true;
  private volatile Instant nextSlot;
  private volatile ExecutionRecord lastRun;

  /**
   * Its latest finished runs known here, packed by {@link RecentOutcomes}; written under the
   * monitor.
   */
  private volatile int recentOutcomes = RecentOutcomes.NONE;

  /**
   * Set when the schedule is removed from the registry. A runtime is never registered again once
   * removed (registering the name anew makes a new one), so this answers whether it is current
   * without a lookup by name.
   */
  private volatile boolean removed;

  /** The instant counting starts from (every-N-months); set before the runtime is registered. */
  private Instant anchor;

  /** When it was last switched on here; null when not since it was registered here. */
  private Instant enabledAt;

  /** The latest slot fired (run, queued or skipped). */
  private Instant lastSlot;

  /** The slot fired before {@link #lastSlot}, null when none: where a dependency period starts. */
  private Instant previousSlot;

  /** A slot waiting for its {@code dependsOn} schedules to succeed, or null. */
  private DependencyWait dependencyWait;

  /** Incremented whenever the timetable changes; older timer entries are then ignored. */
  private long generation;

  /** Runs dispatched and not yet finished. */
  private int inFlight;

  /** A slot waiting for the current run to end (OverlapPolicy.QUEUE), or null. */
  private Instant queuedSlot;

  /**
   * Catch-up slots waiting to run one after another (MisfirePolicy.FIRE_ALL); null while there are
   * none, so that a million idle schedules do not each hold an empty queue.
   */
  private Deque<Instant> backlog;

  /** When this schedule's own previous scheduled run started (for dependencies). */
  private Instant previousRunStart;

  /** Made at the first outage (see {@link #outage()}); null until then. */
  private ClaimOutage outage;

  private volatile Instant orphanedThrough;

  ScheduleRuntime(String name, ScheduleDefinition definition, Instant anchor) {
    this.name = name;
    this.definition = definition;
    this.anchor = anchor;
  }

  // ---- read without a lock ----

  String name() {
    return name;
  }

  ScheduleDefinition definition() {
    return definition;
  }

  boolean enabled() {
    return enabled;
  }

  /**
   * Slots up to {@code through} were left to an owner that stopped before it was seen to claim
   * them: their claims go through the store's fence alone (see {@link LockBackendClaims}), since
   * the dead owner may hold an unfinished lock-backend claim on them that blocks the slot for the
   * tombstone's length. Only with a shared store, whose fence keeps them to one run.
   */
  void orphanedThrough(Instant through) {
    Instant current = orphanedThrough;
    if (current == null || through.isAfter(current)) {
      orphanedThrough = through;
    }
  }

  /** Whether the slot was left to an owner that stopped (see {@link #orphanedThrough}). */
  boolean orphaned(Instant slot) {
    Instant through = orphanedThrough;
    return through != null && !slot.isAfter(through);
  }

  /** Enabled and still registered: its slots may fire and its runs may start. */
  boolean active() {
    return enabled && !removed;
  }

  /** Whether it is still the registered runtime of its name. */
  boolean isCurrent() {
    return !removed;
  }

  Instant nextSlot() {
    return nextSlot;
  }

  ExecutionRecord lastRun() {
    return lastRun;
  }

  /** Its latest finished runs known here, packed by {@link RecentOutcomes} (any thread). */
  int recentOutcomes() {
    return recentOutcomes;
  }

  // ---- read under the monitor ----

  Instant anchor() {
    return anchor;
  }

  Instant lastSlot() {
    return lastSlot;
  }

  Instant previousSlot() {
    return previousSlot;
  }

  /** A slot that waits for its dependencies until {@code deadline}. */
  record DependencyWait(Instant slot, Trigger trigger, Instant deadline) {}

  DependencyWait dependencyWait() {
    return dependencyWait;
  }

  /** Waits for dependencies with this slot; returns the slot it replaces, or null. */
  DependencyWait waitForDependencies(DependencyWait wait) {
    DependencyWait replaced = dependencyWait;
    dependencyWait = wait;
    return replaced;
  }

  long generation() {
    return generation;
  }

  Instant previousRunStart() {
    return previousRunStart;
  }

  /** Whether a run of it is in flight. */
  boolean busy() {
    return inFlight > 0;
  }

  /** Whether anything could change a slot's decision before it comes (see claim ahead). */
  boolean hasWaitingWork() {
    return inFlight > 0
        || queuedSlot != null
        || (outage != null && outage.pending() != null)
        || hasBacklog()
        || !definition.dependsOn().isEmpty();
  }

  /** Its state while the store or lock backend fails (made at the first call). */
  ClaimOutage outage() {
    if (outage == null) {
      outage = new ClaimOutage();
    }
    return outage;
  }

  /**
   * A claim of {@code slot} succeeded (see {@link ClaimOutage#claimed}); nothing without outage.
   */
  void claimSucceeded(Instant slot, Instant now) {
    if (outage != null) {
      outage.claimed(slot, now);
    }
  }

  private boolean hasBacklog() {
    return backlog != null && !backlog.isEmpty();
  }

  // ---- registration (monitor, or before the runtime is shared) ----

  /** State restored from the store before the runtime is registered. */
  void restore(boolean storedEnabled, Instant storedAnchor, Instant storedLastSlot) {
    this.enabled = storedEnabled;
    if (storedAnchor != null) {
      this.anchor = storedAnchor;
    }
    this.lastSlot = storedLastSlot;
  }

  /** The latest run found in the history before the runtime is registered. */
  void restoreLastRun(ExecutionRecord latest) {
    this.lastRun = latest;
    this.previousRunStart = latest.startedAt();
    recentOutcomes = RecentOutcomes.add(recentOutcomes, latest);
  }

  void redefine(ScheduleDefinition replacement) {
    this.definition = replacement;
  }

  /** A new timing: its old slots are neither missed nor waiting. */
  void forgetSlots() {
    lastSlot = null;
    queuedSlot = null;
    backlog = null;
  }

  /** Switched on or off at {@code now} (the instant it last came on is kept). */
  void setEnabled(boolean on, Instant now) {
    if (on && !enabled) {
      enabledAt = now;
    }
    this.enabled = on;
  }

  /**
   * Since when it counts upstream successes ({@code after}): its first registration, or when it was
   * last switched on here, whichever is later. Monitor held.
   */
  Instant countsUpstreamFrom() {
    return enabledAt != null && (anchor == null || enabledAt.isAfter(anchor)) ? enabledAt : anchor;
  }

  /** Removed from the registry (registry's lock); never current again. */
  void markRemoved() {
    this.removed = true;
  }

  // ---- the timetable ----

  /**
   * The next slot: with {@code catchUp}, counted from the last fired slot (slots missed meanwhile
   * are left to the misfire policy), else from {@code now}; a one-shot never fired counts from the
   * beginning, so a past one-shot is caught up. Null when disabled or done.
   */
  Instant nextSlotFrom(Instant now, boolean catchUp) {
    return enabled ? nextSlot(definition.timing(), lastSlot, now, catchUp) : null;
  }

  /**
   * The next slot that {@link #rearm} will compute once a registration with the definition now set
   * is applied ({@code sameTiming} false: its slots are forgotten first), for the store.
   */
  Instant nextSlotOnRegistration(Instant now, boolean sameTiming) {
    return enabled
        ? nextSlot(definition.timing(), sameTiming ? lastSlot : null, now, sameTiming)
        : null;
  }

  /** The one next-slot calculation (see {@link #nextSlotFrom}). */
  private static Instant nextSlot(Timing timing, Instant lastFired, Instant now, boolean catchUp) {
    Instant from = now;
    if (catchUp && lastFired != null) {
      from = lastFired;
    } else if (lastFired == null && timing.type() == ScheduleType.ONCE) {
      from = Instant.EPOCH.minus(Duration.ofDays(1));
    }
    return timing.nextAfter(from).orElse(null);
  }

  /** Moves to a new generation with the next slot of {@link #nextSlotFrom}, returned. */
  Instant rearm(Instant now, boolean catchUp) {
    generation++;
    nextSlot = nextSlotFrom(now, catchUp);
    return nextSlot;
  }

  /** Drops its pending timetable entries, queued slot, backlog and slots kept through an outage. */
  void disarm() {
    generation++;
    nextSlot = null;
    clearWaiting();
  }

  /** Drops the slots waiting to run (at stop, and when disarmed). */
  void clearWaiting() {
    queuedSlot = null;
    dependencyWait = null;
    if (outage != null) {
      outage.clearPending();
    }
    backlog = null;
  }

  /** Records {@code last} as fired; {@code next} is the slot now on the timetable (or null). */
  void moveOn(Instant last, Instant next) {
    if (last != null && !last.equals(lastSlot)) {
      previousSlot = lastSlot;
    }
    lastSlot = last;
    nextSlot = next;
  }

  // ---- runs ----

  /** A run is on its way (claimed or about to be). */
  void begin() {
    inFlight++;
  }

  /** A scheduled run was sent at {@code start} (the instant dependencies count from). */
  void beginScheduled(Instant start) {
    previousRunStart = start;
  }

  /** A run on its way ended, or did not start after all; {@code record} is its end, if any. */
  void end(ExecutionRecord record) {
    inFlight--;
    if (record != null) {
      lastRun = record;
      if (!definition.policy().retries(record)) { // an attempt to be retried is not an outcome
        recentOutcomes = RecentOutcomes.add(recentOutcomes, record);
      }
    }
  }

  /** At stop, every run has ended: none stays counted into the next start. */
  void endAll() {
    inFlight = 0;
  }

  /**
   * Queues a slot behind the run in flight (OverlapPolicy.QUEUE); returns the slot it replaces,
   * which collapses into it, or null.
   */
  Instant queueBehind(Instant slot) {
    Instant collapsed = queuedSlot;
    queuedSlot = slot;
    return collapsed;
  }

  /** Catch-up slots to run one after another, after those already waiting. */
  void addBacklog(Collection<Instant> slots) {
    if (backlog == null) {
      backlog = new ArrayDeque<>();
    }
    backlog.addAll(slots);
  }

  /** The oldest catch-up slot waiting, or null. */
  Instant pollBacklog() {
    return backlog == null ? null : backlog.poll();
  }

  /** Takes every catch-up slot waiting (to keep them through an outage). */
  List<Instant> drainBacklog() {
    List<Instant> drained = backlog == null ? List.of() : List.copyOf(backlog);
    backlog = null;
    return drained;
  }

  /** A slot that waited for the run in flight, to start now that none is. */
  record WaitingSlot(Instant slot, Trigger trigger) {}

  /**
   * Takes the next slot waiting for the runs in flight to end: the oldest catch-up slot (FIRE_ALL)
   * first, else the queued slot; null while a run is in flight or nothing waits.
   */
  WaitingSlot takeWaitingSlot() {
    if (inFlight > 0) {
      return null;
    }
    if (hasBacklog()) {
      return new WaitingSlot(backlog.poll(), Trigger.CATCH_UP);
    }
    if (queuedSlot != null) {
      Instant slot = queuedSlot;
      queuedSlot = null;
      return new WaitingSlot(slot, Trigger.SCHEDULED);
    }
    return null;
  }
}
