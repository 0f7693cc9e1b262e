package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules' side of the timetable: arming a schedule (its next slot, {@code claimAhead} before
 * it when slots are claimed ahead), moving it on to a slot, retries, another try after a backend
 * failure, and runs claimed ahead waiting for their slot. The slots fired are written to the store
 * behind the timer (when a store reads them back). Verbs that take a runtime need its monitor.
 */
final class SlotTimetable {
  private static final Logger log = LoggerFactory.getLogger(SlotTimetable.class);

  /** Schedules armed per timetable lock at start (see {@link #armAll}). */
  private static final int ARM_CHUNK = 256;

  private final TimerQueue queue;
  private final Duration claimAhead;
  private final SlotsWriter slotsWriter;
  private final BooleanSupplier running;

  /**
   * @param claimAhead how long before its slot a slot is claimed (zero: at the slot)
   * @param slotsWriter where the slots fired are written, or null when the store never reads them
   * @param running whether the engine runs (armed schedules go on the timetable only then)
   */
  SlotTimetable(Duration claimAhead, SlotsWriter slotsWriter, BooleanSupplier running) {
    this.claimAhead = claimAhead;
    this.queue = new TimerQueue(claimAhead);
    this.slotsWriter = slotsWriter;
    this.running = running;
  }

  /**
   * Computes the runtime's next slot (a new generation) and puts it on the timetable while the
   * engine runs. With {@code catchUp}, counting goes on from its last fired slot, so slots missed
   * meanwhile are handled by the misfire policy when the entry fires; otherwise from now.
   */
  void arm(ScheduleRuntime runtime, Instant now, boolean catchUp) {
    Instant next = runtime.rearm(now, catchUp);
    if (running.getAsBoolean() && next != null) {
      queue.add(slotEntry(runtime, next));
    }
  }

  /**
   * Arms every registered schedule at start. The timer thread already runs: the first slots fire
   * while the rest are armed, in chunks that each take the timetable's lock once.
   */
  void armAll(Collection<ScheduleRuntime> runtimes, Instant now) {
    List<TimerQueue.Entry> chunk = new ArrayList<>(ARM_CHUNK);
    for (ScheduleRuntime runtime : runtimes) {
      synchronized (runtime) {
        try {
          Instant next = runtime.rearm(now, true);
          if (next != null) {
            chunk.add(slotEntry(runtime, next));
          }
        } catch (RuntimeException e) {
          // Its timing computed a next slot at registration; one that fails now must not keep
          // the other schedules from starting.
          log.error(
              "schedule '{}' could not be armed at start; it will not fire", runtime.name(), e);
        }
      }
      if (chunk.size() == ARM_CHUNK) {
        queue.addAll(chunk);
        chunk.clear();
      }
    }
    queue.addAll(chunk);
  }

  /** Drops the runtime's pending entries, queued slot, backlog and kept slots. */
  void disarm(ScheduleRuntime runtime) {
    runtime.disarm();
  }

  /**
   * Moves past a slot left to another instance: puts {@code next} on the timetable without writing
   * the slots, which are the owner's to write.
   */
  void passOn(ScheduleRuntime runtime, Instant last, Instant next) {
    runtime.moveOn(last, next);
    if (next != null) {
      queue.add(slotEntry(runtime, next));
    }
  }

  /** Records {@code last} as fired, puts {@code next} on the timetable and writes both behind. */
  void moveOn(ScheduleRuntime runtime, Instant last, Instant next) {
    runtime.moveOn(last, next);
    if (next != null) {
      queue.add(slotEntry(runtime, next));
    }
    if (slotsWriter != null) {
      slotsWriter.put(runtime.name(), last, next);
    }
  }

  /**
   * Puts a slot back to fire at the slot itself (not claimed ahead after all): due the claim-ahead
   * after it, as slot entries come due that much before their due instant.
   */
  void atSlot(ScheduleRuntime runtime, Instant slot) {
    queue.add(
        entry(TimerQueue.Kind.SLOT, slot.plus(claimAhead), runtime, slot, 1, Trigger.SCHEDULED));
  }

  /** Puts the retry {@code attempt} of {@code slot} on the timetable at {@code at}. */
  void retryAt(ScheduleRuntime runtime, Instant at, Instant slot, int attempt) {
    queue.add(entry(TimerQueue.Kind.RETRY, at, runtime, slot, attempt, Trigger.RETRY));
  }

  /** A slot left to an owner that died: claimed by this instance as soon as the timer can. */
  void takeOver(ScheduleRuntime runtime, Instant slot) {
    queue.add(entry(TimerQueue.Kind.TAKEOVER, slot, runtime, slot, 1, Trigger.SCHEDULED));
  }

  /** Another try at claiming the runtime's kept slots at {@code at}. */
  void resumeAt(ScheduleRuntime runtime, Instant at, Instant slot, int attempt, Trigger trigger) {
    queue.add(entry(TimerQueue.Kind.RESUME, at, runtime, slot, attempt, trigger));
  }

  /** Another try at once for each of these runtimes (a claim succeeded meanwhile). */
  void resumeNow(Collection<ScheduleRuntime> runtimes, Instant now) {
    List<TimerQueue.Entry> entries = new ArrayList<>(runtimes.size());
    for (ScheduleRuntime runtime : runtimes) {
      // The generation is not read: the resume takes whatever the runtime keeps by then.
      entries.add(queue.entry(TimerQueue.Kind.RESUME, now, runtime, 0, null, 1, Trigger.SCHEDULED));
    }
    queue.addAll(entries);
  }

  /**
   * The runtime's slot waiting for its dependencies is checked again at {@code at}; a {@code poll}
   * entry puts the next check on the timetable when it still waits, a wake does not.
   */
  void dependencyCheckAt(ScheduleRuntime runtime, Instant at, boolean poll) {
    queue.add(
        queue.entry(
            TimerQueue.Kind.DEPENDENCY,
            at,
            runtime,
            runtime.generation(),
            null,
            poll ? 1 : 0,
            Trigger.SCHEDULED));
  }

  /** A run claimed ahead starts at {@code at}, if its schedule is still of {@code generation}. */
  void startAt(Instant at, RunExecution run, long generation) {
    queue.addStart(at, run, generation);
  }

  private TimerQueue.Entry slotEntry(ScheduleRuntime runtime, Instant slot) {
    return entry(TimerQueue.Kind.SLOT, slot, runtime, slot, 1, Trigger.SCHEDULED);
  }

  private TimerQueue.Entry entry(
      TimerQueue.Kind kind,
      Instant due,
      ScheduleRuntime runtime,
      Instant slot,
      int attempt,
      Trigger trigger) {
    return queue.entry(kind, due, runtime, runtime.generation(), slot, attempt, trigger);
  }

  // ---- the timer's side ----

  void pollDue(Instant now, int max, List<TimerQueue.Entry> due) {
    queue.pollDue(now, max, due);
  }

  java.util.Optional<Instant> nextDue() {
    return queue.nextDue();
  }

  void awaitChange(Clock clock, EngineTime time) throws InterruptedException {
    queue.awaitChange(clock, time);
  }

  void wake() {
    queue.wake();
  }

  /** Empties the timetable at stop; returns the runs claimed ahead that waited for their slot. */
  List<TimerQueue.Entry> takeClaimedAhead() {
    return queue.clear().stream().filter(entry -> entry.kind() == TimerQueue.Kind.START).toList();
  }

  /** Writes the slots fired so far (at stop). */
  void flushSlots() {
    if (slotsWriter != null) {
      slotsWriter.flush();
    }
  }

  /** Stops the slots writer (at close). */
  void close() {
    if (slotsWriter != null) {
      slotsWriter.close();
    }
  }
}
