package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Job;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.observe.RunMdc;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of one schedule, from the moment it is claimed (QUEUED) through its start on a worker
 * (RUNNING) to its record's end. Runs on a worker thread; timeouts and cancels come from other
 * threads. The record is finished exactly once: by the worker, or by the watchdog when the job
 * ignored interruption and was abandoned.
 */
final class RunExecution implements Runnable {
  private final RunHost host;
  final ScheduleRuntime runtime;
  private volatile Job job;
  final RunContext context;
  final SlotLock lock;
  final Duration timeout;
  final CompletableFuture<ExecutionRecord> result = new CompletableFuture<>();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile ExecutionRecord record;
  private volatile Thread thread;
  private volatile String stopReason;
  private volatile ExecutionStatus stopStatus;
  private volatile ScheduledFuture<?> timeoutTask;

  /**
   * True while a run claimed ahead waits for its slot, on the timetable or on the worker that will
   * run it (in memory, see {@code WorkerClaims}): it has not started.
   */
  volatile boolean waitingForSlot;

  /** Set when the watchdog abandoned this run and added a worker in its place; guarded by this. */
  boolean workerReplaced;

  /** Set when a worker took the run (from then on it is not dropped unstarted); guarded by this. */
  private boolean taken;

  /** The schedule's definition when the run was claimed. */
  private final ScheduleDefinition claimedUnder;

  /**
   * When this instance last wrote a stamp (claim, take-over or heartbeat) that keeps other
   * instances from taking the QUEUED run over, while its claim was provably its own; see {@link
   * QueuedRunFence#claimIsFresh}.
   */
  volatile ClaimStamp claimStamp;

  /**
   * A stamp written to the store for a run: {@code at} on the scheduler's clock (what other
   * instances judge), {@code nanos} the {@link System#nanoTime()} read no earlier than {@code at}.
   */
  record ClaimStamp(Instant at, long nanos) {}

  RunExecution(
      RunHost host,
      ScheduleRuntime runtime,
      ExecutionRecord record,
      ScheduleDefinition definition,
      RunContext context,
      SlotLock lock) {
    this.host = host;
    this.runtime = runtime;
    this.record = record;
    this.claimedUnder = definition;
    this.job = definition.job();
    this.context = context;
    this.lock = lock;
    this.timeout = definition.policy().timeout();
  }

  ScheduleDefinition claimedUnder() {
    return claimedUnder;
  }

  /**
   * For a run claimed ahead whose schedule was re-registered with the same timing before the slot:
   * the new job runs. Only before the run is handed to a worker.
   */
  void replaceJob(Job replacement) {
    this.job = replacement;
  }

  ExecutionRecord record() {
    return record;
  }

  /** The record as it stands, with the output captured so far (for a run still running). */
  ExecutionRecord liveRecord() {
    ExecutionRecord current = record;
    return new ExecutionRecord(
        current.runId(),
        current.scheduleName(),
        current.scheduledTime(),
        current.startedAt(),
        current.finishedAt(),
        current.status(),
        current.success(),
        current.duration(),
        current.attempt(),
        current.trigger(),
        current.error(),
        context.outputText(),
        current.node(),
        context.steps());
  }

  String runId() {
    return record.runId();
  }

  @Override
  @SuppressWarnings("try")
  public void run() {
    thread = Thread.currentThread();
    try (RunMdc.Scope mdc = RunMdc.put(record.scheduleName(), record.runId())) {
      if (stopStatus != null) {
        if (!finish(stopStatus, Duration.ZERO, stopReason)) {
          host.workerReturned(this);
        }
        return;
      }
      if (!take()) {
        return; // dropped while it waited: it ended or runs elsewhere
      }
      Instant started = host.clock().instant();
      ExecutionRecord starting = record.start(started);
      if (!host.begin(this, starting)) {
        return; // taken over elsewhere, ended, or the store unreachable: not run here
      }
      record = starting;
      // Retries and manual runs start when asked, not at their slot: they are never late.
      Duration lateness =
          record.trigger() == Trigger.MANUAL || record.trigger() == Trigger.RETRY
              ? Duration.ZERO
              : Duration.between(record.scheduledTime(), started);
      host.started(this, lateness);
      if (timeout != null) {
        timeoutTask = host.after(timeout, this::onTimeout);
      }
      long startNanos = System.nanoTime();
      ExecutionStatus outcome = ExecutionStatus.SUCCEEDED;
      String error = null;
      try {
        job.run(context);
      } catch (Throwable failure) {
        outcome = ExecutionStatus.FAILED;
        error = describe(failure);
      } finally {
        ScheduledFuture<?> task = timeoutTask;
        if (task != null) {
          task.cancel(false);
        }
        Thread.interrupted();
      }
      if (stopStatus != null) {
        outcome = stopStatus;
        error = error == null ? stopReason : stopReason + " (" + error + ")";
      }
      if (!finish(outcome, Duration.ofNanos(System.nanoTime() - startNanos), error)) {
        host.workerReturned(this);
      }
    } finally {
      thread = null;
    }
  }

  /** Asks the run to stop; it ends with {@code status} and {@code reason} as its error. */
  void stop(ExecutionStatus status, String reason) {
    if (stopStatus == null) {
      stopReason = reason;
      stopStatus = status;
    }
    context.markCancelled();
    Thread running = thread;
    if (running != null) {
      running.interrupt();
    }
  }

  /** Finishes the record with {@code status} without waiting for the job (it will be ignored). */
  boolean abandon(ExecutionStatus status, String reason) {
    return finish(status, Duration.ZERO, reason);
  }

  /**
   * As {@link #abandon}, only while no worker has taken the run (it waits for its slot or in the
   * pool): false when a worker has it (stop it instead) or it had finished.
   */
  boolean abandonUnstarted(ExecutionStatus status, String reason) {
    synchronized (this) {
      if (taken || !finished.compareAndSet(false, true)) {
        return false;
      }
    }
    writeFinish(status, Duration.ZERO, reason);
    return true;
  }

  /**
   * The run will not start here after all (see {@code QueuedRunFence.startQueuedNow}): it counts as
   * finished without a record being written. False when it had already finished.
   */
  boolean drop() {
    return finished.compareAndSet(false, true);
  }

  /**
   * Drops the run if no worker has taken it yet (it waits in the pool or for its slot), as {@link
   * #drop}; false when a worker has it or it had finished.
   */
  synchronized boolean dropUnstarted() {
    return !taken && drop();
  }

  private synchronized boolean take() {
    if (finished.get()) {
      return false;
    }
    taken = true;
    return true;
  }

  boolean isFinished() {
    return finished.get();
  }

  private void onTimeout() {
    stop(ExecutionStatus.TIMED_OUT, "timed out after " + timeout);
    host.watchStuck(this, ExecutionStatus.TIMED_OUT, "timed out after " + timeout);
  }

  private boolean finish(ExecutionStatus status, Duration took, String error) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    writeFinish(status, took, error);
    return true;
  }

  private void writeFinish(ExecutionStatus status, Duration took, String error) {
    record =
        record
            .finish(status, host.clock().instant(), took, error, context.outputText())
            .withSteps(context.steps());
    host.finished(this, record);
  }

  static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
