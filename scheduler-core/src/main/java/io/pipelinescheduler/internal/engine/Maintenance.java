package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep on one thread, in real time: heartbeats for this instance's running runs,
 * marking runs of dead instances ABANDONED (and retrying them), deleting history past the retention
 * in small batches, and picking up schedules changed in the store by others.
 */
final class Maintenance {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
  private static final int RETENTION_BATCH = 500;
  private static final Duration LONGEST_SWEEP_GAP = Duration.ofHours(1);

  private final SchedulerEngine engine;
  private final ScheduleStore store;
  private final SchedulerConfig config;
  private final Clock clock;
  private final Runnable refresh;
  private ScheduledExecutorService executor;
  private Instant lastSweep;

  Maintenance(
      SchedulerEngine engine, ScheduleStore store, SchedulerConfig config, Runnable refresh) {
    this.engine = engine;
    this.store = store;
    this.config = config;
    this.clock = config.clock();
    this.refresh = refresh;
  }

  synchronized void start() {
    executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pipeline-scheduler-maintenance");
              thread.setDaemon(true);
              return thread;
            });
    lastSweep = null;
    every(config.heartbeatInterval(), this::heartbeatAndReap);
    every(config.heartbeatInterval(), this::deleteOldHistoryWhenDue);
    every(config.refreshInterval(), refresh);
  }

  synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  private void every(Duration period, Runnable task) {
    long millis = Math.max(1, period.toMillis());
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("pipeline-scheduler maintenance task failed; it will run again", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  /** Records this instance's runs as alive, then abandons runs whose instance went quiet. */
  void heartbeatAndReap() {
    Instant now = clock.instant();
    Collection<String> ours = engine.activeRunIds();
    List<ExecutionRecord> stale;
    try {
      if (!ours.isEmpty()) {
        store.heartbeat(ours, now);
        for (String runId : store.notRunning(ours)) {
          engine.stopAbandonedHere(runId);
        }
      }
      stale = store.findStaleRunning(now.minus(config.heartbeatTimeout()));
    } catch (RuntimeException e) {
      engine.backendError(store.name(), "heartbeat", e);
      return;
    }
    for (ExecutionRecord run : stale) {
      if (ours.contains(run.runId())) {
        continue;
      }
      String reason =
          "instance '"
              + run.node()
              + "' stopped heart-beating for more than "
              + config.heartbeatTimeout();
      if (store.markAbandoned(run.runId(), now, reason)) {
        engine.runAbandonedElsewhere(run, now, reason);
      }
    }
  }

  /**
   * Sweeps old history at start and then whenever a tenth of the retention (at most an hour) has
   * passed on the scheduler's clock, so a settable clock drives it like everything else.
   */
  private void deleteOldHistoryWhenDue() {
    Instant now = clock.instant();
    Duration tenth = config.historyRetention().dividedBy(10);
    Duration gap = tenth.compareTo(LONGEST_SWEEP_GAP) < 0 ? tenth : LONGEST_SWEEP_GAP;
    if (lastSweep == null || !now.isBefore(lastSweep.plus(gap))) {
      lastSweep = now;
      deleteOldHistory();
    }
  }

  /** Deletes runs that finished before the retention, a small batch at a time. */
  void deleteOldHistory() {
    Instant cutoff = clock.instant().minus(config.historyRetention());
    int deleted;
    int total = 0;
    do {
      deleted = store.deleteRunsFinishedBefore(cutoff, RETENTION_BATCH);
      total += deleted;
    } while (deleted == RETENTION_BATCH && !Thread.currentThread().isInterrupted());
    if (total > 0) {
      log.info("pipeline-scheduler: deleted {} runs finished before {}", total, cutoff);
    }
  }
}
