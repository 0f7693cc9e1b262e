package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background upkeep on one thread, in real time: heartbeats for this instance's queued and running
 * runs, marking started runs of dead instances ABANDONED (and retrying them), running their queued
 * ones, deleting history past the retention in small batches, and picking up schedules changed in
 * the store by others.
 */
final class Maintenance {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  /** The longest {@link #stop()} waits for a task under way. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  /** How long {@link #stop()} then waits for a task it had to interrupt. */
  private static final Duration INTERRUPTED_WAIT = Duration.ofSeconds(1);

  private static final int RETENTION_BATCH = 500;
  private static final Duration LONGEST_SWEEP_GAP = Duration.ofHours(1);

  private final RunsInFlight runs;
  private final RunCompletion completion;
  private final QueuedRunFence fence;
  private final BackendErrors errors;
  private final ScheduleStore store;
  private final SchedulerConfig config;
  private final Clock clock;
  private final Membership membership;
  private final Ownership ownership;
  private final List<Runnable> extraTasks = new ArrayList<>();
  private final ScheduleRegistry registry;
  private ScheduledExecutorService executor;
  private Instant lastSweep;

  private final ReapGate reapGate;

  Maintenance(
      RunsInFlight runs,
      RunCompletion completion,
      QueuedRunFence fence,
      BackendErrors errors,
      ReapGate reapGate,
      ScheduleStore store,
      SchedulerConfig config,
      ScheduleRegistry registry,
      Membership membership,
      Ownership ownership) {
    this.runs = runs;
    this.completion = completion;
    this.fence = fence;
    this.errors = errors;
    this.reapGate = reapGate;
    this.store = store;
    this.config = config;
    this.clock = config.clock();
    this.registry = registry;
    this.membership = membership;
    this.ownership = ownership;
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
    if (membership != null) {
      // The first beat at once: until then this instance claims every slot itself.
      executor.execute(this::beat);
      every(config.heartbeatInterval(), this::beat);
    }
    every(config.heartbeatInterval(), this::heartbeatAndReap);
    every(config.heartbeatInterval(), this::deleteOldHistoryWhenDue);
    every(config.refreshInterval(), registry::refreshFromStore);
    extraTasks.forEach(task -> every(config.heartbeatInterval(), task));
  }

  /** Runs {@code task} every heartbeat interval from the next start; call before {@link #start}. */
  synchronized void alsoEveryHeartbeat(Runnable task) {
    extraTasks.add(task);
  }

  /**
   * Stops the tasks, and waits (up to {@link #STOP_WAIT}) for one under way to end, so that it does
   * not meet a store closed under it. The task is not interrupted while it may end by itself: the
   * pool of a store fails a call whose thread is interrupted while it waits for a connection.
   */
  synchronized void stop() {
    if (executor != null) {
      executor.shutdown(); // drops the periodic tasks; the one under way goes on
      try {
        if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          executor.shutdownNow(); // e.g. a store call retrying a busy database: told to give up
          executor.awaitTermination(INTERRUPTED_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  private void every(Duration period, Runnable task) {
    long millis = Math.max(1, period.toMillis());
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            // An Error escaping would cancel the task for good: no more heartbeats, so this
            // instance's runs would be abandoned and retried elsewhere while they run here.
            log.warn("pipeline-scheduler maintenance task failed; it will run again", e);
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      membership.beat();
    } catch (RuntimeException e) {
      errors.failed(store.name(), "instance heartbeat", e);
    }
  }

  /**
   * Records this instance's runs as alive (those in flight, and those whose start or end waits for
   * the store) and writes the waiting starts and ends; then abandons started runs whose instance
   * went quiet and takes over queued ones. "Ours" are the run ids in this process's memory, not the
   * runs recorded under its instance id: a process restarted with the same id treats the runs of
   * its predecessor like those of any dead instance. After the store could not be reached, others'
   * runs are left alone until this instance has reached it for a whole heartbeat timeout: their
   * heartbeats could not be written either.
   */
  void heartbeatAndReap() {
    Instant now = clock.instant();
    long nowNanos = System.nanoTime();
    Collection<String> active = runs.ids();
    Set<String> ours = new HashSet<>(active);
    ours.addAll(completion.writes().waitingRunIds());
    Instant before = now.minus(config.heartbeatTimeout());
    List<ExecutionRecord> stale;
    List<ExecutionRecord> queued;
    try {
      if (!ours.isEmpty()) {
        store.heartbeat(ours, now);
        fence.heartbeatWritten(active, new RunExecution.ClaimStamp(now, nowNanos));
        completion.writes().retryWaiting();
        if (!active.isEmpty()) {
          for (String runId : store.notRunning(active)) {
            runs.stopAbandonedHere(runId);
          }
        }
      }
      stale = store.findStaleRunning(before);
      queued = store.findStaleQueued(before);
    } catch (RuntimeException e) {
      errors.failed(store.name(), "heartbeat", e);
      return;
    }
    if (!reapGate.mayReap(now, clock.instant(), System.nanoTime() - nowNanos)) {
      return;
    }
    for (ExecutionRecord run : stale) {
      if (ours.contains(run.runId()) || !canRun(run)) {
        continue;
      }
      String reason =
          "instance '"
              + run.node()
              + "' stopped heart-beating for more than "
              + config.heartbeatTimeout();
      if (store.markAbandoned(run.runId(), now, reason)) {
        completion.runAbandonedElsewhere(run, now, reason);
      }
    }
    for (ExecutionRecord run : queued) {
      if (!ours.contains(run.runId()) && canRun(run)) {
        fence.takeOverQueued(run, now, before);
      }
    }
  }

  /**
   * False when this instance has the run's schedule but not its job type: an instance that has the
   * type retries or takes over the run. Unknown schedules are judged as before.
   */
  private boolean canRun(ExecutionRecord run) {
    return registry.current(run.scheduleName()).map(ownership::canRun).orElse(true);
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
