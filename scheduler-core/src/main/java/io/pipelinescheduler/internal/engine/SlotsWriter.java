package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ScheduleSlots;
import io.pipelinescheduler.ScheduleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes schedules' last and next slots to the store behind the timer thread: the latest pair per
 * schedule wins, written by one daemon thread in batches (one store call per batch), after the
 * slots being claimed meanwhile ({@link PendingClaims}). A crash loses at most the pairs not yet
 * written; the runs table (the fence) still holds every slot that ran.
 */
final class SlotsWriter {
  private static final int MAX_BATCH = 500;

  private record Slots(Instant last, Instant next) {}

  private final ScheduleStore store;
  private final BackendErrors errors;
  private final Map<String, Slots> pending = new ConcurrentHashMap<>();
  private final Object signal = new Object();

  /** Set when the writer is told of new pairs; cleared by the writer before it takes them. */
  private final AtomicBoolean signalled = new AtomicBoolean();

  private final Thread thread;

  private final PendingClaims pendingClaims;

  SlotsWriter(ScheduleStore store, BackendErrors errors, PendingClaims pendingClaims) {
    this.store = store;
    this.errors = errors;
    this.pendingClaims = pendingClaims;
    this.thread = new Thread(this::loop, "pipeline-scheduler-slots-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the writer thread after writing what is pending (at close). */
  void close() {
    thread.interrupt();
    flush();
  }

  /** Called on the timer thread for every slot fired: wakes the writer only when it was idle. */
  void put(String name, Instant last, Instant next) {
    pending.put(name, new Slots(last, next));
    if (!signalled.get() && signalled.compareAndSet(false, true)) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
  }

  /**
   * Writes what is pending, in batches of one store call each, sorted by name: instances that share
   * a store write the same rows, and a common order keeps their transactions from deadlocking.
   */
  void flush() {
    List<ScheduleSlots> pendingSlots = new ArrayList<>(pending.size());
    for (Iterator<Map.Entry<String, Slots>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Slots> entry = it.next();
      it.remove();
      pendingSlots.add(
          new ScheduleSlots(entry.getKey(), entry.getValue().last(), entry.getValue().next()));
    }
    pendingSlots.sort(Comparator.comparing(ScheduleSlots::name));
    for (int from = 0; from < pendingSlots.size(); from += MAX_BATCH) {
      write(pendingSlots.subList(from, Math.min(pendingSlots.size(), from + MAX_BATCH)));
    }
  }

  private void write(List<ScheduleSlots> batch) {
    try {
      store.updateSlots(batch);
    } catch (RuntimeException e) {
      errors.failed(store.name(), "updateSlots", e);
    }
  }

  private void loop() {
    while (true) {
      synchronized (signal) {
        while (pending.isEmpty()) {
          // Cleared before the last look, so that a pair put after that look wakes the writer.
          signalled.set(false);
          if (!pending.isEmpty()) {
            break;
          }
          try {
            signal.wait(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      pendingClaims.yieldFrom(System.nanoTime());
      if (Thread.currentThread().isInterrupted()) {
        return; // closing: close() writes what is pending, on its own thread
      }
      flush();
    }
  }
}
