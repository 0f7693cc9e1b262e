package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the starts (QUEUED to RUNNING) and ends of runs to the store, and keeps those that could
 * not be written (store unreachable) to write them, in order, when it is back: on the next writes,
 * at most once per backoff (100 ms doubling to 30 s), and whenever maintenance has just reached the
 * store. A run waits once: its end replaces its waiting start (the end writes the start instant
 * too). At most {@link #LIMIT} runs wait; past that a write is not kept and is logged at ERROR with
 * its run id (and counted), never dropped silently. Thread-safe: while nothing waits, writes go to
 * the store at once without a lock (every store write of a run is conditional on the run not having
 * ended, so two threads racing cannot undo an end); while writes wait, new ones queue behind them.
 */
final class RunWrites {
  private static final Logger log = LoggerFactory.getLogger(RunWrites.class);

  /**
   * The most runs whose writes are kept while the store is unreachable: a few minutes of a busy
   * instance's runs, each with its output bounded by {@code outputLimitBytes}.
   */
  static final int LIMIT = 10_000;

  private static final Duration FIRST_DELAY = Duration.ofMillis(100);
  private static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private final ScheduleStore store;
  private final BackendErrors errors;
  // By run id, in the order first written; guarded by this.
  private final Map<String, ExecutionRecord> waiting = new LinkedHashMap<>();
  private volatile int waitingCount;
  private volatile long dropped;
  private Duration delay; // guarded by this
  private long nextAttemptNanos; // guarded by this

  RunWrites(ScheduleStore store, BackendErrors errors) {
    this.store = store;
    this.errors = errors;
  }

  /** Writes these starts and ends, in order; those that cannot be written now wait. */
  void write(List<ExecutionRecord> writes) {
    if (writes.isEmpty()) {
      return;
    }
    if (waitingCount == 0) {
      try {
        writeNow(writes);
        return;
      } catch (RuntimeException e) {
        synchronized (this) {
          keep(writes);
          failed(e);
        }
        return;
      }
    }
    synchronized (this) {
      keep(writes);
      if (System.nanoTime() - nextAttemptNanos >= 0) {
        flush();
      }
    }
  }

  /** Tries the waiting writes again now (maintenance has just reached the store). */
  synchronized void retryWaiting() {
    if (!waiting.isEmpty()) {
      flush();
    }
  }

  /**
   * At stop: one last try; what still cannot be written is logged at ERROR with its run ids (other
   * instances will see those runs as their instance gone, and treat them so).
   */
  synchronized void flushAtStop() {
    if (waiting.isEmpty()) {
      return;
    }
    flush();
    if (!waiting.isEmpty()) {
      log.error(
          "pipeline-scheduler: stopping with {} run start(s)/end(s) not written to store '{}'"
              + " (unreachable); lost: {}",
          waiting.size(),
          store.name(),
          describe(waiting.values()));
      waiting.clear();
      waitingCount = 0;
    }
  }

  /** The ids of the runs whose start or end waits: they are this instance's, alive. */
  synchronized Set<String> waitingRunIds() {
    return new HashSet<>(waiting.keySet());
  }

  int waitingCount() {
    return waitingCount;
  }

  long droppedCount() {
    return dropped;
  }

  private void flush() {
    List<ExecutionRecord> all = new ArrayList<>(waiting.values());
    try {
      writeNow(all);
    } catch (RuntimeException e) {
      failed(e);
      return;
    }
    waiting.clear();
    waitingCount = 0;
    delay = null;
    log.info(
        "pipeline-scheduler: wrote {} run start(s)/end(s) kept while store '{}' was unreachable",
        all.size(),
        store.name());
  }

  /**
   * Writes the starts, then the ends. A run whose end is among them has its start left out (the end
   * writes its start instant too).
   */
  private void writeNow(List<ExecutionRecord> writes) {
    if (writes.size() == 1) { // a worker's own start or end (no record thread): the common case
      if (writes.get(0).status().isFinal()) {
        store.updateRuns(writes);
      } else {
        store.markStarted(writes);
      }
      return;
    }
    Set<String> ended = new HashSet<>();
    for (ExecutionRecord record : writes) {
      if (record.status().isFinal()) {
        ended.add(record.runId());
      }
    }
    List<ExecutionRecord> starts = new ArrayList<>();
    List<ExecutionRecord> ends = new ArrayList<>();
    for (ExecutionRecord record : writes) {
      if (record.status().isFinal()) {
        ends.add(record);
      } else if (!ended.contains(record.runId())) {
        starts.add(record);
      }
    }
    if (!starts.isEmpty()) {
      store.markStarted(starts);
    }
    if (!ends.isEmpty()) {
      store.updateRuns(ends);
    }
  }

  private void keep(List<ExecutionRecord> writes) {
    List<ExecutionRecord> refused = new ArrayList<>();
    for (ExecutionRecord record : writes) {
      ExecutionRecord kept = waiting.get(record.runId());
      if (kept != null) {
        if (!kept.status().isFinal()) {
          waiting.put(record.runId(), record); // its end, or a later start; an end stays
        }
      } else if (waiting.size() < LIMIT) {
        waiting.put(record.runId(), record);
      } else {
        refused.add(record);
      }
    }
    waitingCount = waiting.size();
    if (!refused.isEmpty()) {
      dropped += refused.size();
      log.error(
          "pipeline-scheduler: {} run start(s)/end(s) for store '{}' not kept: {} already wait for"
              + " the store to come back; not written: {}",
          refused.size(),
          store.name(),
          LIMIT,
          describe(refused));
    }
  }

  private void failed(RuntimeException error) {
    delay =
        delay == null
            ? FIRST_DELAY
            : delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
    nextAttemptNanos = System.nanoTime() + delay.toNanos();
    errors.failed(store.name(), "updateRun", error);
    log.warn(
        "pipeline-scheduler: {} run start(s)/end(s) wait for store '{}'; tried again within {}",
        waiting.size(),
        store.name(),
        delay);
  }

  private static String describe(Iterable<ExecutionRecord> records) {
    Set<String> parts = new LinkedHashSet<>();
    for (ExecutionRecord record : records) {
      parts.add(record.runId() + " " + record.status() + " (" + record.scheduleName() + ")");
    }
    return String.join(", ", parts);
  }
}
