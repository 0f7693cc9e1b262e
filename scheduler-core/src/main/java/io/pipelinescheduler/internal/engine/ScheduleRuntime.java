package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The live state of one registered schedule. Fields other than the volatile ones are guarded by the
 * object's own monitor.
 */
final class ScheduleRuntime {
  final String name;
  volatile ScheduleDefinition definition;
  volatile boolean enabled = true;
  volatile Instant nextSlot;
  volatile ExecutionRecord lastRun;

  /**
   * Set when the schedule is removed from the registry. A runtime is never registered again once
   * removed (registering the name anew makes a new one), so this answers whether it is current
   * without a lookup by name.
   */
  volatile boolean removed;

  /** The instant counting starts from (every-N-months); set at first registration. */
  Instant anchor;

  /** The latest slot fired (run, queued or skipped). */
  Instant lastSlot;

  /** Incremented whenever the timetable changes; older timer entries are then ignored. */
  long generation;

  /** Runs dispatched and not yet finished. */
  int inFlight;

  /** A slot waiting for the current run to end (OverlapPolicy.QUEUE), or null. */
  Instant queuedSlot;

  /** Catch-up slots waiting to run one after another (MisfirePolicy.FIRE_ALL). */
  final Deque<Instant> backlog = new ArrayDeque<>();

  /** The slots whose claim failed on a backend error and will be tried again, or null. */
  UnclaimedSlots pendingResume;

  /** The current backoff for {@link #pendingResume} and retries; null after a claim succeeds. */
  java.time.Duration resumeDelay;

  /**
   * When a FIRE_ONCE catch-up for slots kept through a backend failure was last sent to be claimed,
   * or later started: the slots missed before then are covered by it. Null when its claim failed.
   */
  Instant caughtUpAt;

  /** The slot of that catch-up. */
  Instant catchUpSlot;

  /**
   * The latest missed slot counted as covered by that catch-up while its claim was on its way: kept
   * again if the catch-up fails, so that the next one is for the latest missed slot.
   */
  Instant coveredSlot;

  /** When this schedule's own previous scheduled run started (for dependencies). */
  Instant previousRunStart;

  ScheduleRuntime(String name, ScheduleDefinition definition) {
    this.name = name;
    this.definition = definition;
  }
}
