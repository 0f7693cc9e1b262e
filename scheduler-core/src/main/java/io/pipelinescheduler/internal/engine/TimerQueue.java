package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The timetable: entries ordered by due instant, and a way for the timer thread to sleep until the
 * head is due or the timetable changes. O(log n) per add and poll.
 */
final class TimerQueue {
  /** What a timetable entry is for. */
  enum Kind {
    /** The schedule's next slot. */
    SLOT,
    /** A retry of a failed attempt. */
    RETRY,
    /** Another try at claiming a slot after the store or lock backend failed. */
    RESUME
  }

  /** A slot or retry due at {@code due}. Stale when the runtime's generation has moved on. */
  record Entry(
      Instant due,
      long seq,
      ScheduleRuntime runtime,
      long generation,
      Instant slot,
      int attempt,
      Trigger trigger,
      Kind kind) {}

  private static final Comparator<Entry> ORDER =
      Comparator.comparing(Entry::due).thenComparingLong(Entry::seq);

  private final PriorityQueue<Entry> entries = new PriorityQueue<>(ORDER);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicLong sequence = new AtomicLong();

  void add(
      Kind kind,
      Instant due,
      ScheduleRuntime runtime,
      long generation,
      Instant slot,
      int attempt,
      Trigger trigger) {
    lock.lock();
    try {
      entries.add(
          new Entry(
              due, sequence.incrementAndGet(), runtime, generation, slot, attempt, trigger, kind));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns the head when it is due at {@code now}. */
  Optional<Entry> pollDue(Instant now) {
    lock.lock();
    try {
      Entry head = entries.peek();
      if (head == null || head.due().isAfter(now)) {
        return Optional.empty();
      }
      return Optional.of(entries.poll());
    } finally {
      lock.unlock();
    }
  }

  Optional<Instant> nextDue() {
    lock.lock();
    try {
      Entry head = entries.peek();
      return head == null ? Optional.empty() : Optional.of(head.due());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sleeps until the head is due by {@code now} plus the wait, or the timetable changes, or {@link
   * #wake()} is called. With {@code timeMovesByItself} false (a settable clock) it waits for a
   * change only.
   */
  void awaitChange(Instant now, boolean timeMovesByItself, Duration maxWait)
      throws InterruptedException {
    lock.lock();
    try {
      Entry head = entries.peek();
      if (head != null && !head.due().isAfter(now)) {
        return;
      }
      if (!timeMovesByItself) {
        changed.await(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        return;
      }
      long waitNanos =
          head == null
              ? maxWait.toNanos()
              : Math.min(maxWait.toNanos(), Duration.between(now, head.due()).toNanos());
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

  void clear() {
    lock.lock();
    try {
      entries.clear();
      changed.signalAll();
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
