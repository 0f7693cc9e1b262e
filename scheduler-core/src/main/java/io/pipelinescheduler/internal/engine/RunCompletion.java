package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SlotLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a run starts and ends: its start written (QUEUED to RUNNING), and at its end
 * its claim released and its record finished in the store (on the record thread, in batches, on the
 * {@link BatchedClaims} path; else at once on the worker or watchdog thread; kept by {@link
 * RunWrites} while the store is unreachable), then counts and listeners told, a retry put on the
 * timetable when its policy says so, and a slot that waited for it (QUEUE overlap, FIRE_ALL
 * backlog) started.
 */
final class RunCompletion {
  private static final Logger log = LoggerFactory.getLogger(RunCompletion.class);

  /** The most runs' starts and ends written in one store call. */
  private static final int MAX_BATCH = 500;

  private final Clock clock;
  private final LockBackend locks;
  private final SchedulerListener listener;
  private final ScheduleRegistry registry;
  private final SlotTimetable timetable;
  private final RunStats stats;
  private final BackendHealth backendHealth;
  private final RunWrites writes;
  private final WaitingRuns waiting;
  private final RunsInFlight runs;
  private final BooleanSupplier running;
  private final PendingClaims pendingClaims;
  private final boolean logsOutcomes;
  private volatile BatchQueue<Finished> recordQueue;
  private volatile DownstreamTriggers downstream;

  RunCompletion(
      SchedulerConfig config,
      ScheduleStore store,
      LockBackend locks,
      SchedulerListener listener,
      ScheduleRegistry registry,
      SlotTimetable timetable,
      RunStats stats,
      BackendHealth backendHealth,
      BackendErrors errors,
      WaitingRuns waiting,
      RunsInFlight runs,
      BooleanSupplier running,
      PendingClaims pendingClaims,
      boolean logsOutcomes) {
    this.clock = config.clock();
    this.locks = locks;
    this.listener = listener;
    this.registry = registry;
    this.timetable = timetable;
    this.stats = stats;
    this.backendHealth = backendHealth;
    this.writes = new RunWrites(store, errors);
    this.waiting = waiting;
    this.runs = runs;
    this.running = running;
    this.pendingClaims = pendingClaims;
    this.logsOutcomes = logsOutcomes;
  }

  /**
   * From now on runs' starts and ends are written in batches on the record thread (see {@link
   * BatchedClaims}), rather than at once on the worker or watchdog thread; each batch after the
   * slots being claimed meanwhile, for at most {@link PendingClaims#MAX_YIELD} after its oldest
   * write was queued.
   */
  void writeInBatches() {
    recordQueue =
        new BatchQueue<>(
            "pipeline-scheduler-records",
            MAX_BATCH,
            batch -> {
              // The first queued is the oldest: none waits longer than the yield's bound.
              pendingClaims.yieldFrom(batch.get(0).queuedNanos());
              recordFinished(batch);
            });
  }

  /** At stop, once every run has ended: the record thread writes what it holds, then ends. */
  void stop() {
    BatchQueue<Finished> queue = recordQueue;
    if (queue != null) {
      queue.close();
      recordQueue = null;
    }
    writes.flushAtStop();
  }

  private boolean queue(Finished finished) {
    BatchQueue<Finished> queue = recordQueue;
    return queue != null && queue.add(finished);
  }

  /** What an ended run starts downstream; connected once, in the engine's constructor. */
  void connect(DownstreamTriggers triggers) {
    this.downstream = triggers;
  }

  /** The starts and ends of runs, written or waiting for the store. */
  RunWrites writes() {
    return writes;
  }

  /**
   * A run that ended, waiting for its record to be written; or, when its record is RUNNING, a run
   * that started (its QUEUED to RUNNING write rides the same queue, so a run's start is written
   * before its end).
   */
  record Finished(RunExecution run, ExecutionRecord record, long queuedNanos) {
    Finished(RunExecution run, ExecutionRecord record) {
      this(run, record, System.nanoTime());
    }

    boolean isStart() {
      return !record.status().isFinal();
    }
  }

  /**
   * A worker started the run's job: its start is written by the record thread with the other writes
   * queued meanwhile (or here, when there is none). The job does not wait for it.
   */
  void runStarted(RunExecution run, ExecutionRecord started) {
    Finished start = new Finished(run, started);
    if (!queue(start)) {
      writes.write(List.of(started));
    }
  }

  /**
   * A run ended (worker or watchdog thread): its claim is released and its record written by the
   * record thread with those of the runs that ended meanwhile (or here, when there is none), then
   * the rest follows in {@link #recorded}.
   */
  void runFinished(RunExecution run, ExecutionRecord record) {
    if (run.lock != null && run.lock.isLost()) {
      leaseLost(record);
    }
    Finished finished = new Finished(run, record);
    if (!queue(finished)) {
      recordFinished(List.of(finished));
    }
  }

  /**
   * Releases the claims of runs that ended (one lock-backend call) and writes their records (one
   * store call), then completes each run.
   */
  void recordFinished(List<Finished> finished) {
    List<SlotLock> held = new ArrayList<>(finished.size());
    List<ExecutionRecord> records = new ArrayList<>(finished.size());
    for (Finished f : finished) {
      if (f.run().lock != null && !f.isStart()) {
        held.add(f.run().lock);
      }
      records.add(f.record());
    }
    if (!held.isEmpty()) {
      try {
        locks.releaseAll(held);
      } catch (RuntimeException | Error e) {
        // The records are still written and the runs completed: a claim not released keeps its
        // claim-time tombstone.
        log.warn("releasing {} slot lock(s) failed", held.size(), e);
      }
    }
    // Ends that cannot be written wait in writes (their runs stay this instance's); the runs are
    // completed here all the same, so the engine goes on while the store is away.
    writes.write(records);
    for (Finished f : finished) {
      if (f.isStart()) {
        continue;
      }
      try {
        recorded(f.run(), f.record());
      } catch (RuntimeException | Error e) {
        log.error("pipeline-scheduler: completing run {} failed", f.record().runId(), e);
      }
    }
  }

  /** Reports the run; whatever a listener throws, the run ends and its slot is freed. */
  private void recorded(RunExecution run, ExecutionRecord record) {
    try {
      stats.record(record);
      if (logsOutcomes) {
        logOutcome(record);
      }
      if (record.success()) {
        listener.onRunSucceeded(record);
      } else {
        listener.onRunFailed(record);
      }
    } finally {
      try {
        ScheduleRuntime runtime = run.runtime;
        synchronized (runtime) {
          runtime.end(record);
          scheduleRetryIfDue(runtime, record);
          waiting.startWaiting(runtime);
        }
      } finally {
        try {
          // After the monitor was taken (a runNow without downstream has marked its run by then),
          // and before the run stops counting as in flight (what it starts is in flight by then).
          DownstreamTriggers triggers = downstream;
          if (triggers != null) {
            triggers.runEnded(record);
          }
        } finally {
          runs.ended(run);
          run.result.complete(record);
        }
      }
    }
  }

  private void logOutcome(ExecutionRecord record) {
    if (record.success()) {
      if (!log.isInfoEnabled()) {
        return; // skips building the arguments, for every run
      }
      log.info(
          "schedule '{}': run {} succeeded in {} ms",
          record.scheduleName(),
          record.runId(),
          record.duration().toMillis());
    } else {
      log.warn(
          "schedule '{}': run {} (attempt {}) ended {}: {}",
          record.scheduleName(),
          record.runId(),
          record.attempt(),
          record.status(),
          record.error());
    }
  }

  private void scheduleRetryIfDue(ScheduleRuntime runtime, ExecutionRecord record) {
    RunPolicy policy = runtime.definition().policy();
    if (!policy.retries(record) || !running.getAsBoolean() || !runtime.active()) {
      return;
    }
    Instant at = clock.instant().plus(policy.retryDelay(record.attempt()));
    timetable.retryAt(runtime, at, record.scheduledTime(), record.attempt() + 1);
    log.info(
        "schedule '{}': attempt {} will be retried at {}",
        runtime.name(),
        record.attempt() + 1,
        at);
    listener.onRetryScheduled(record, at);
  }

  /**
   * A run of another (dead) instance was marked ABANDONED in the shared store: report it and retry
   * it under its schedule's policy, if that schedule is registered here.
   */
  void runAbandonedElsewhere(ExecutionRecord stale, Instant now, String reason) {
    ExecutionRecord abandoned =
        stale.finish(
            ExecutionStatus.ABANDONED,
            now,
            Duration.between(stale.startedAt(), now),
            reason,
            stale.output());
    log.warn(
        "schedule '{}': run {} on '{}' abandoned: {}",
        stale.scheduleName(),
        stale.runId(),
        stale.node(),
        reason);
    listener.onRunFailed(abandoned);
    registry
        .current(stale.scheduleName())
        .ifPresent(
            runtime -> {
              synchronized (runtime) {
                scheduleRetryIfDue(runtime, abandoned);
              }
            });
  }

  private void leaseLost(ExecutionRecord record) {
    log.warn(
        "schedule '{}': run {} lost its claim on {} (lease renewal failed); another instance may"
            + " run the slot",
        record.scheduleName(),
        record.runId(),
        locks.name());
    backendHealth.failed(
        locks.name(),
        "lease renewal",
        new SchedulerException("the claim of run " + record.runId() + " was lost"),
        clock.instant());
    listener.onLeaseLost(record.scheduleName(), record.runId());
  }

  static void release(SlotLock lock) {
    if (lock != null) {
      try {
        lock.release();
      } catch (RuntimeException e) {
        log.warn("releasing a slot lock failed", e);
      }
    }
  }
}
