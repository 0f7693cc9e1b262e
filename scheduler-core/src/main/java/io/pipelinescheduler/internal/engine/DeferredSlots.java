package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Slots this instance left to their owner. Each waits for proof that its owner lived on past the
 * slot by the {@link #GRACE} (a heartbeat at or after that instant: it had the slot in hand, its
 * claim and the store's fence did the rest), and is then forgotten. When the owner stops
 * heart-beating for the timeout, or leaves, the slot passes to the schedule's new owner: this
 * instance takes it over (claims it late, under the misfire policy), or waits for proof from the
 * new owner in turn. So a dead owner's slots still run once, about a heartbeat timeout late.
 * Thread-safe.
 */
final class DeferredSlots {
  /** How long past a slot its owner must be seen alive before the others forget the slot. */
  static final Duration GRACE = Duration.ofSeconds(2);

  private final Ownership ownership;
  private final BiConsumer<ScheduleRuntime, Instant> takeOver;
  private final List<Deferred> slots = new ArrayList<>();

  private static final class Deferred {
    final ScheduleRuntime runtime;
    final long generation;
    final Instant slot;
    String owner;
    Instant proofAt;

    Deferred(ScheduleRuntime runtime, long generation, Instant slot, String owner) {
      this.runtime = runtime;
      this.generation = generation;
      this.slot = slot;
      this.owner = owner;
      this.proofAt = slot.plus(GRACE);
    }
  }

  /**
   * @param takeOver claims a slot whose owner died, on the timer thread (the timetable's entry)
   */
  DeferredSlots(Ownership ownership, BiConsumer<ScheduleRuntime, Instant> takeOver) {
    this.ownership = ownership;
    this.takeOver = takeOver;
  }

  /** Leaves the slot to its owner; called with the runtime's monitor held. */
  synchronized void defer(ScheduleRuntime runtime, Instant slot, String owner) {
    slots.add(new Deferred(runtime, runtime.generation(), slot, owner));
  }

  synchronized int size() {
    return slots.size();
  }

  /** Forgets what stops at {@code stop()}: a restart arms every schedule again. */
  synchronized void clear() {
    slots.clear();
  }

  /**
   * With a new view: forgets the slots whose owner was seen alive past them, and passes on those
   * whose owner died or left (taking over those that are now this instance's).
   */
  void settle(ClusterView view, Instant now, Duration timeout) {
    List<Deferred> mine = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Deferred> it = slots.iterator(); it.hasNext(); ) {
        Deferred entry = it.next();
        if (!entry.runtime.active() || entry.generation != entry.runtime.generation()) {
          it.remove();
          continue;
        }
        Instant heartbeat = view.heartbeatOf(entry.owner);
        if (view.isLive(entry.owner)) {
          if (heartbeat != null && !heartbeat.isBefore(entry.proofAt)) {
            it.remove();
          }
          continue;
        }
        String next = ownership.ownerOf(entry.runtime);
        if (next.equals(ownership.self())) {
          it.remove();
          mine.add(entry);
        } else {
          // The new owner takes the slot over at its first heartbeat that finds the old one dead.
          entry.owner = next;
          entry.proofAt = (heartbeat != null ? heartbeat.plus(timeout) : now).plus(GRACE);
        }
      }
    }
    for (Deferred entry : mine) {
      takeOver.accept(entry.runtime, entry.slot);
    }
  }
}
