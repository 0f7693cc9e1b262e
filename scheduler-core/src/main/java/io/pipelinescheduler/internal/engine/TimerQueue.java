package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The timetable: entries ordered by the instant they come due, and a way for the timer thread to
 * sleep until the head is due or the timetable changes. O(log n) per add and poll.
 *
 * <p>A {@link Kind#SLOT} entry comes due the claim-ahead (the {@code slotLead}) before its {@code
 * due} instant, which is its slot: a waiting schedule's entry shares the one instant its runtime
 * keeps for its next slot (a million waiting schedules, a million instants fewer than an entry due
 * at an instant of its own).
 */
final class TimerQueue {
  /** What a timetable entry is for. */
  enum Kind {
    /** The schedule's next slot. */
    SLOT,
    /** A retry of a failed attempt. */
    RETRY,
    /** Another try at claiming a schedule's kept slots after the store or lock backend failed. */
    RESUME,
    /** A slot deferred to an owner that died: this instance claims it now. */
    TAKEOVER,
    /** A run claimed ahead of its slot: it starts now. */
    START,
    /** A slot waiting for its dependencies: checked again now. */
    DEPENDENCY
  }

  /**
   * A slot or retry due at {@code due} (a {@link Kind#SLOT} entry: the lead before it). Stale when
   * the runtime's generation has moved on. {@code run} is the claimed run of a {@link Kind#START}
   * entry, else null.
   */
  record Entry(
      Instant due,
      long seq,
      ScheduleRuntime runtime,
      long generation,
      Instant slot,
      int attempt,
      Trigger trigger,
      Kind kind,
      RunExecution run) {}

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long slotLeadNanos;

  // By the instant an entry comes due, then first added first; written out rather than composed
  // from key extractors, as the timer thread compares entries on every add and poll.
  private final Comparator<Entry> order =
      (a, b) -> {
        // Entries of the same lead (nearly always both slots, or both not) compare as instants.
        int byDue =
            leadOf(a) == leadOf(b)
                ? a.due().compareTo(b.due())
                : compareDue(a, b.due().getEpochSecond(), b.due().getNano() - leadOf(b));
        return byDue != 0 ? byDue : Long.compare(a.seq(), b.seq());
      };

  private final PriorityQueue<Entry> entries = new PriorityQueue<>(order);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param slotLead how long before its slot a {@link Kind#SLOT} entry comes due (the claim-ahead);
   *     under a minute
   */
  TimerQueue(Duration slotLead) {
    this.slotLeadNanos = slotLead.toNanos();
  }

  private long leadOf(Entry entry) {
    return entry.kind() == Kind.SLOT ? slotLeadNanos : 0;
  }

  /**
   * Compares the instant {@code entry} comes due with the one {@code seconds} and {@code nanos}
   * (which may be negative or over a second) stand for, without making an instant.
   */
  private int compareDue(Entry entry, long seconds, long nanos) {
    long dueSeconds = entry.due().getEpochSecond();
    long dueNanos = entry.due().getNano() - leadOf(entry);
    int bySeconds =
        Long.compare(
            dueSeconds + Math.floorDiv(dueNanos, NANOS_PER_SECOND),
            seconds + Math.floorDiv(nanos, NANOS_PER_SECOND));
    if (bySeconds != 0) {
      return bySeconds;
    }
    return Long.compare(
        Math.floorMod(dueNanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  /** Whether {@code entry} has come due at {@code now}. */
  private boolean isDue(Entry entry, Instant now) {
    return compareDue(entry, now.getEpochSecond(), now.getNano()) <= 0;
  }

  /** The instant {@code entry} comes due. */
  private Instant dueOf(Entry entry) {
    return entry.due().minusNanos(leadOf(entry));
  }

  /**
   * A new entry, for {@link #add(Entry)} or {@link #addAll}; it counts as added now among entries
   * due together.
   */
  Entry entry(
      Kind kind,
      Instant due,
      ScheduleRuntime runtime,
      long generation,
      Instant slot,
      int attempt,
      Trigger trigger) {
    return new Entry(
        due, sequence.incrementAndGet(), runtime, generation, slot, attempt, trigger, kind, null);
  }

  /** Adds entries under one lock, waking the timer thread once. */
  void addAll(List<Entry> added) {
    lock.lock();
    try {
      entries.addAll(added);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Puts a run claimed ahead of its slot on the timetable, to start at {@code at}. */
  void addStart(Instant at, RunExecution run, long generation) {
    ExecutionRecord record = run.record();
    add(
        new Entry(
            at,
            sequence.incrementAndGet(),
            run.runtime,
            generation,
            record.scheduledTime(),
            record.attempt(),
            record.trigger(),
            Kind.START,
            run));
  }

  void add(Entry entry) {
    lock.lock();
    try {
      entries.add(entry);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves the entries due at {@code now} into {@code due}, earliest first, at most {@code max}: a
   * burst of due entries is taken under one lock.
   */
  void pollDue(Instant now, int max, List<Entry> due) {
    lock.lock();
    try {
      for (int taken = 0; taken < max; taken++) {
        Entry head = entries.peek();
        if (head == null || !isDue(head, now)) {
          return;
        }
        due.add(entries.poll());
      }
    } finally {
      lock.unlock();
    }
  }

  Optional<Instant> nextDue() {
    lock.lock();
    try {
      Entry head = entries.peek();
      return head == null ? Optional.empty() : Optional.of(dueOf(head));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sleeps until the head is due, the timetable changes or {@link #wake()} is called, for at most
   * what {@code time} allows (see {@link EngineTime#timerSleep}). The clock is read under the
   * timetable's lock, so a wake that follows a move of the clock is never missed.
   */
  void awaitChange(Clock clock, EngineTime time) throws InterruptedException {
    lock.lock();
    try {
      Instant now = clock.instant();
      Entry head = entries.peek();
      if (head != null && isDue(head, now)) {
        return;
      }
      long waitNanos = time.timerSleep(now, head == null ? null : dueOf(head)).toNanos();
      if (waitNanos > 0) {
        changed.awaitNanos(waitNanos);
      }
    } finally {
      lock.unlock();
    }
  }

  void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes every entry and returns them. */
  List<Entry> clear() {
    lock.lock();
    try {
      List<Entry> removed = new ArrayList<>(entries);
      entries.clear();
      changed.signalAll();
      return removed;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return entries.size();
    } finally {
      lock.unlock();
    }
  }
}
