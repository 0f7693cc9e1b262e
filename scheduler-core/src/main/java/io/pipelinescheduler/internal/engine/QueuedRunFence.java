package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each QUEUED run (claimed, not yet started) to one instance: takes over the queued runs of
 * an instance that stopped heart-beating, tells whether this instance's claim on a run is still
 * provably its own, and otherwise writes the run's start at once, conditionally, dropping the run
 * here when another instance holds it. Called by workers ({@link RunExecution}) and by {@link
 * Maintenance}.
 */
final class QueuedRunFence {
  private static final Logger log = LoggerFactory.getLogger(QueuedRunFence.class);

  private final SchedulerConfig config;
  private final Clock clock;
  private final ScheduleStore store;
  private final ScheduleRegistry registry;
  private final SlotClaims claims;
  private final RunsInFlight runs;
  private final WaitingRuns waiting;
  private final BackendErrors errors;
  private final BackendHealth backendHealth;
  private final BooleanSupplier running;

  /**
   * Half the heartbeat timeout: worked out once, as {@code Duration.dividedBy} goes through {@code
   * BigDecimal} and this is asked before every run.
   */
  private final Duration halfTimeout;

  QueuedRunFence(
      SchedulerConfig config,
      ScheduleStore store,
      ScheduleRegistry registry,
      SlotClaims claims,
      RunsInFlight runs,
      WaitingRuns waiting,
      BackendErrors errors,
      BackendHealth backendHealth,
      BooleanSupplier running) {
    this.config = config;
    this.clock = config.clock();
    this.store = store;
    this.registry = registry;
    this.claims = claims;
    this.runs = runs;
    this.waiting = waiting;
    this.errors = errors;
    this.backendHealth = backendHealth;
    this.running = running;
    this.halfTimeout = Duration.ofNanos(config.heartbeatTimeout().toNanos() / 2);
  }

  /**
   * A run still QUEUED in the store whose instance died (or this instance's, left from before a
   * restart): if its schedule is registered here, it is taken over in the store (exactly one
   * instance wins) and run as the same slot and attempt. Maintenance thread.
   */
  void takeOverQueued(ExecutionRecord queued, Instant now, Instant staleBefore) {
    ScheduleRuntime runtime = registry.current(queued.scheduleName()).orElse(null);
    if (runtime == null || !running.getAsBoolean()) {
      return; // left to an instance that has the schedule
    }
    long nanos = System.nanoTime();
    if (!store.takeOverQueued(queued.runId(), config.instanceId(), now, staleBefore)) {
      return; // taken by another instance, started or ended meanwhile
    }
    runs.recording(queued.runId()); // this instance's from here: cancellable until it runs here
    if (queued.trigger() == Trigger.UPSTREAM) {
      log.info(
          "schedule '{}': run {} triggered by its upstream (written by '{}') runs here",
          queued.scheduleName(),
          queued.runId(),
          queued.node());
    } else {
      log.warn(
          "schedule '{}': run {} (slot {}, attempt {}) was claimed by '{}' and never started; it"
              + " runs here",
          queued.scheduleName(),
          queued.runId(),
          queued.scheduledTime(),
          queued.attempt(),
          queued.node());
    }
    runHere(runtime, queued.withNode(config.instanceId()), now, nanos);
  }

  /**
   * A QUEUED run to be run here ({@link #runHere}) is about to be written: a cancel from then on
   * ends it (see {@link RunsInFlight#recording}); {@link #notRecorded} when it was not written.
   */
  void recording(String runId) {
    runs.recording(runId);
  }

  /** The run announced by {@link #recording} was not written. */
  void notRecorded(String runId) {
    runs.notRecorded(runId);
  }

  /**
   * Runs a QUEUED run that the store shows as this instance's (taken over, or a trigger written by
   * this instance): as the same slot and attempt, without a slot lock; cancelled when the schedule
   * is disabled, or the pool refuses it.
   */
  void runHere(ScheduleRuntime runtime, ExecutionRecord queued, Instant now, long nanos) {
    RunExecution run = claims.takenOver(runtime, queued, new RunExecution.ClaimStamp(now, nanos));
    boolean enabled;
    synchronized (runtime) {
      runtime.begin();
      enabled = runtime.active();
    }
    if (!enabled) {
      runs.track(run);
      run.abandon(
          ExecutionStatus.CANCELLED,
          "schedule '" + runtime.name() + "' was disabled before the run started");
      return;
    }
    try {
      runs.launch(run);
    } catch (RuntimeException e) {
      // The pool refused it (stopping): it ends CANCELLED like a run that waited for a worker.
      run.abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started");
    }
  }

  /**
   * Whether a run's claim is provably still this instance's, so that a worker may start it and
   * write its start behind the job: less than half the heartbeat timeout has passed, both on this
   * instance's monotonic clock and on the scheduler's clock (which a settable clock drives), since
   * {@code stamp} was written. Others take a QUEUED run over only once its stamp is older than the
   * whole timeout on their clocks, so the other half is left for the start's write and for the
   * instances' clocks to differ. Always true in memory (nothing can take a run over).
   */
  boolean claimIsFresh(RunExecution.ClaimStamp stamp) {
    if (!config.persistSchedules()) {
      return true;
    }
    if (stamp == null) {
      return false;
    }
    return System.nanoTime() - stamp.nanos() < halfTimeout.toNanos()
        && Duration.between(stamp.at(), clock.instant()).compareTo(halfTimeout) < 0;
  }

  /**
   * Maintenance wrote {@code stamp} as the heartbeat of these runs: a run still fresh now (so no
   * other instance could have taken it over before the heartbeat was written) stays fresh from the
   * stamp on. A run whose claim had gone stale does not become fresh by it: another instance may
   * have taken it over, and the heartbeat does not tell (see {@link #startQueuedNow}).
   */
  void heartbeatWritten(Collection<String> runIds, RunExecution.ClaimStamp stamp) {
    for (String runId : runIds) {
      RunExecution run = runs.get(runId);
      if (run == null) {
        continue;
      }
      RunExecution.ClaimStamp current = run.claimStamp;
      if (current != null && stamp.nanos() - current.nanos() > 0 && claimIsFresh(current)) {
        run.claimStamp = stamp;
      }
    }
  }

  /**
   * A worker is about to start a run whose claim is not provably fresh (see {@link #claimIsFresh}):
   * its start is written now, only if the store still shows it QUEUED on this instance. True when
   * it was: the job runs. Otherwise the run is dropped here without a record of this instance: when
   * another instance took it over (or it ended), that instance runs it; when the store cannot be
   * reached, it is left QUEUED and no longer heart-beaten, so that the take-over mechanism (another
   * instance, or this one's maintenance once the stamp is stale) runs it once the store is back.
   * Its claim is released (a tombstone: the slot is run by whoever holds the run) and its future
   * completes exceptionally.
   */
  boolean startQueuedNow(RunExecution run, ExecutionRecord starting) {
    String why;
    try {
      if (store.startQueued(starting)) {
        backendHealth.succeeded();
        return true;
      }
      ExecutionRecord stored = store.findRun(run.runId()).orElse(null);
      why =
          stored == null
              ? "it is no longer in the store"
              : stored.status() == ExecutionStatus.QUEUED
                      || stored.status() == ExecutionStatus.RUNNING
                  ? "instance '" + stored.node() + "' took it over (" + stored.status() + ")"
                  : "it ended " + stored.status() + " on instance '" + stored.node() + "'";
      log.warn(
          "schedule '{}': run {} (slot {}, attempt {}) waited here until its claim was stale;"
              + " {}: not run here",
          run.runtime.name(),
          run.runId(),
          starting.scheduledTime(),
          starting.attempt(),
          why);
    } catch (RuntimeException e) {
      errors.failed(store.name(), "startQueued", e);
      why = "its start could not be written (" + e.getMessage() + ")";
      log.warn(
          "schedule '{}': run {} (slot {}, attempt {}) waited here until its claim was stale and"
              + " its start could not be written; not run here: it stays QUEUED in the store and is"
              + " taken over once the store is back",
          run.runtime.name(),
          run.runId(),
          starting.scheduledTime(),
          starting.attempt());
    }
    dropHere(run, why);
    return false;
  }

  private void dropHere(RunExecution run, String why) {
    if (run.drop()) {
      dropped(run, why);
    } // else finished meanwhile (cancelled), and reported so
  }

  /**
   * The run does not start here (see {@link #startQueuedNow}): no record is written and no listener
   * called for it; its claim is released, its slot stops counting as in flight, its future fails.
   */
  void dropped(RunExecution run, String why) {
    RunCompletion.release(run.lock);
    try {
      ScheduleRuntime runtime = run.runtime;
      synchronized (runtime) {
        runtime.end(null);
        waiting.startWaiting(runtime);
      }
    } finally {
      runs.ended(run);
      run.result.completeExceptionally(
          new SchedulerException(
              "schedule '"
                  + run.runtime.name()
                  + "': run "
                  + run.runId()
                  + " did not start on instance '"
                  + config.instanceId()
                  + "': "
                  + why));
    }
  }
}
