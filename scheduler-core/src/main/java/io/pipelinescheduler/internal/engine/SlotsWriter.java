package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ScheduleStore;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes schedules' last and next slots to the store behind the timer thread: the latest pair per
 * schedule wins, written by one daemon thread. A crash loses at most the pairs not yet written; the
 * runs table (the fence) still holds every slot that ran.
 */
final class SlotsWriter {
  private record Slots(Instant last, Instant next) {}

  private final ScheduleStore store;
  private final SchedulerEngine engine;
  private final Map<String, Slots> pending = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private final Thread thread;

  SlotsWriter(ScheduleStore store, SchedulerEngine engine) {
    this.store = store;
    this.engine = engine;
    this.thread = new Thread(this::loop, "pipeline-scheduler-slots-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the writer thread after writing what is pending (at close). */
  void close() {
    thread.interrupt();
    flush();
  }

  void put(String name, Instant last, Instant next) {
    pending.put(name, new Slots(last, next));
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  void flush() {
    for (Iterator<Map.Entry<String, Slots>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Slots> entry = it.next();
      it.remove();
      try {
        store.updateSlots(entry.getKey(), entry.getValue().last(), entry.getValue().next());
      } catch (RuntimeException e) {
        engine.backendError(store.name(), "updateSlots", e);
      }
    }
  }

  private void loop() {
    while (true) {
      synchronized (signal) {
        while (pending.isEmpty()) {
          try {
            signal.wait(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      flush();
    }
  }
}
