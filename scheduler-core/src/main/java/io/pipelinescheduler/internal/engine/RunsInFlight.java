package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs in flight on this instance, from their hand-over to a worker (or to the timetable, for a
 * run claimed ahead of its slot) until their record is final: the worker pool, the watchdog for
 * timeouts and jobs that ignore interruption, cancel, live output, and what a run asks of the
 * engine while it runs ({@link RunHost}).
 */
final class RunsInFlight implements RunLauncher, RunHost {
  private static final Logger log = LoggerFactory.getLogger(RunsInFlight.class);

  /** The error of a run cancelled before a worker took it. */
  private static final String CANCELLED_UNSTARTED = "cancelled before it started";

  private final SchedulerConfig config;
  private final Clock clock;
  private final EngineTime time;
  private final SchedulerListener listener;
  private final SlotTimetable timetable;
  private final Map<String, RunExecution> active = new ConcurrentHashMap<>();

  /**
   * The runs whose QUEUED record is being written, or is written and the run not yet in flight
   * here, by id: true once a cancel asked for them in that moment (they end CANCELLED unstarted as
   * they come in flight). Without it a run listed as QUEUED could not be cancelled for a moment.
   */
  private final Map<String, Boolean> recording = new ConcurrentHashMap<>();

  private volatile Workers workers;
  private RunCompletion completion;
  private QueuedRunFence fence;

  RunsInFlight(
      SchedulerConfig config,
      EngineTime time,
      SchedulerListener listener,
      SlotTimetable timetable) {
    this.config = config;
    this.clock = config.clock();
    this.time = time;
    this.listener = listener;
    this.timetable = timetable;
  }

  /**
   * Connects the parts that write a run's start and end, which themselves end runs here; called
   * once, in the engine's constructor.
   */
  void connect(RunCompletion runCompletion, QueuedRunFence queuedRunFence) {
    this.completion = runCompletion;
    this.fence = queuedRunFence;
  }

  /** Starts the workers and the watchdog (engine start). */
  void start() {
    workers = new Workers(config.maxConcurrentRuns(), config.interruptGrace());
  }

  // ---- launching ----

  @Override
  public void launch(RunExecution run) {
    if (inFlight(run)) {
      workers.submit(run);
    }
  }

  @Override
  public void launchAt(RunExecution run, Instant at, long generation) {
    if (at == null || !at.isAfter(clock.instant())) {
      launch(run);
      return;
    }
    run.waitingForSlot = true;
    if (inFlight(run)) {
      timetable.startAt(at, run, generation);
    }
  }

  /** Hands a task (a slot to claim and run, see {@link WorkerClaims}) to the worker pool. */
  void submit(Runnable task) {
    workers.submit(task);
  }

  @Override
  public boolean track(RunExecution run) {
    return inFlight(run);
  }

  /**
   * The run counts as in flight; a cancel asked while its record was being written applies now.
   * False when it ended so (nothing is left to start).
   */
  private boolean inFlight(RunExecution run) {
    active.put(run.runId(), run);
    if (Boolean.TRUE.equals(recording.remove(run.runId()))) {
      run.abandonUnstarted(ExecutionStatus.CANCELLED, CANCELLED_UNSTARTED); // no worker has it yet
      return false;
    }
    return true;
  }

  /**
   * The run's QUEUED record is about to be written: from then on a cancel finds it (see {@link
   * #recording}) until it is in flight, or {@link #notRecorded} when it was not written.
   */
  void recording(String runId) {
    recording.put(runId, Boolean.FALSE);
  }

  /** The run's record was not written (lost to another claim, or the store failed). */
  void notRecorded(String runId) {
    recording.remove(runId);
  }

  /**
   * A run claimed ahead of its slot starts now (timer thread), unless its schedule was disabled or
   * removed, or re-registered with another timing (the slot may not be one of it any more).
   * Re-registered with the same timing, it runs the new job.
   */
  void startAtSlot(TimerQueue.Entry entry) {
    startAtSlot(entry.run(), entry.generation(), workers::submit);
  }

  /**
   * As {@link #startAtSlot(TimerQueue.Entry)}, for a run claimed under {@code generation}; {@code
   * start} starts it (hands it to a worker, or runs it on the worker that waited for the slot).
   */
  void startAtSlot(RunExecution run, long generation, Consumer<RunExecution> start) {
    run.waitingForSlot = false;
    if (run.isFinished()) {
      return; // cancelled while it waited for its slot
    }
    ScheduleRuntime runtime = run.runtime;
    String reason = null;
    synchronized (runtime) {
      if (!runtime.active()) {
        reason = "schedule '" + runtime.name() + "' was disabled or removed before the run started";
      } else if (generation != runtime.generation()) {
        if (run.claimedUnder().sameTimingAs(runtime.definition())) {
          run.replaceJob(runtime.definition().job());
        } else {
          reason =
              "schedule '"
                  + runtime.name()
                  + "' was replaced with another timing before the run started";
        }
      }
    }
    if (reason == null) {
      start.accept(run);
    } else {
      run.abandon(ExecutionStatus.CANCELLED, reason);
    }
  }

  /** A run's record is final (or it will not start here): it no longer counts as in flight. */
  void ended(RunExecution run) {
    time.runEnding();
    active.remove(run.runId());
    recording.remove(run.runId()); // ended before it came in flight
    time.runEnded();
  }

  // ---- what a run asks (RunHost) ----

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public boolean begin(RunExecution run, ExecutionRecord starting) {
    if (fence.claimIsFresh(run.claimStamp)) {
      completion.runStarted(run, starting); // QUEUED to RUNNING in the store, behind the worker
      return true;
    }
    return fence.startQueuedNow(run, starting); // written now, only if no one took it over
  }

  @Override
  public void started(RunExecution run, Duration lateness) {
    listener.onRunStarted(run.record(), lateness);
  }

  @Override
  public ScheduledFuture<?> after(Duration timeout, Runnable onTimeout) {
    return workers.after(timeout, onTimeout);
  }

  @Override
  public void watchStuck(RunExecution run, ExecutionStatus status, String why) {
    workers.watchStuck(run, status, why);
  }

  @Override
  public void finished(RunExecution run, ExecutionRecord record) {
    completion.runFinished(run, record);
  }

  @Override
  public void workerReturned(RunExecution run) {
    workers.workerReturned(run);
  }

  // ---- asked from outside ----

  /**
   * Asks a running (or waiting) run to stop; false when no such run is in flight here. A run whose
   * QUEUED record was just written and that is not yet in flight ends CANCELLED as it comes in
   * flight.
   */
  boolean cancel(String runId) {
    RunExecution run = active.get(runId);
    if (run == null) {
      if (recording.computeIfPresent(runId, (id, asked) -> Boolean.TRUE) != null) {
        return true;
      }
      run = active.get(runId); // came in flight meanwhile
      if (run == null) {
        return false;
      }
    }
    cancel(run);
    return true;
  }

  private void cancel(RunExecution run) {
    Workers threads = workers;
    boolean unstarted =
        (run.waitingForSlot || (threads != null && threads.removeWaiting(run)))
            && (run.abandonUnstarted(ExecutionStatus.CANCELLED, CANCELLED_UNSTARTED)
                || run.isFinished());
    if (!unstarted) {
      run.stop(ExecutionStatus.CANCELLED, "cancelled");
      watchStuck(run, ExecutionStatus.CANCELLED, "cancelled");
    }
  }

  /**
   * Another instance marked one of this instance's runs ABANDONED (its heartbeat looked stale, e.g.
   * through clock skew) and may already retry it: stop this copy, told through {@code
   * isCancelled()} and an interrupt; its stored ABANDONED record is kept.
   */
  void stopAbandonedHere(String runId) {
    RunExecution run = active.get(runId);
    if (run != null && run.isFinished()) {
      // It ended here: its end was written (the store shows it final) and it is being completed
      // (listeners, retries, downstream) before it stops counting as in flight. Not abandoned.
      return;
    }
    if (run != null && run.dropUnstarted()) {
      // Still QUEUED here (waiting for a worker or its slot), so another instance took it over and
      // ended it: it ran there. It is neither retried nor reported here.
      log.warn(
          "schedule '{}': run {} waited here but another instance took it over and ended it; it"
              + " does not run here",
          run.runtime.name(),
          runId);
      fence.dropped(run, "another instance took it over and ended it");
    } else if (run != null) {
      log.warn(
          "schedule '{}': run {} was marked ABANDONED by another instance; stopping it here",
          run.runtime.name(),
          runId);
      run.stop(
          ExecutionStatus.ABANDONED, "marked ABANDONED by another instance while running here");
    }
  }

  /** A run of this instance, while it is in flight. */
  RunExecution get(String runId) {
    return active.get(runId);
  }

  /** A run in flight on this instance, with its output so far. */
  Optional<ExecutionRecord> live(String runId) {
    return Optional.ofNullable(active.get(runId)).map(RunExecution::liveRecord);
  }

  Collection<String> ids() {
    return List.copyOf(active.keySet());
  }

  int count() {
    return active.size();
  }

  /** The schedules of the runs a worker has or will have (not those waiting for their slot). */
  List<String> namesOnWorkers() {
    return active.values().stream()
        .filter(run -> !run.waitingForSlot)
        .map(run -> run.record().scheduleName())
        .toList();
  }

  // ---- stopping ----

  /** Stops taking runs; returns the tasks that waited for a worker and will now never start. */
  List<Runnable> closeWorkers() {
    return workers.close();
  }

  /**
   * At stop: runs claimed ahead are in flight, like runs already running. Those whose slot comes
   * within the shutdown grace start at their slot (this waits, at most {@code claimAhead}); the
   * others end CANCELLED. Their slots are recorded, so a restart would not run them.
   */
  void startClaimedAhead(List<TimerQueue.Entry> claimed, Duration grace) {
    Instant deadline = clock.instant().plus(grace);
    List<TimerQueue.Entry> bySlot = new ArrayList<>(claimed);
    bySlot.sort(Comparator.comparing(TimerQueue.Entry::due));
    boolean interrupted = false;
    for (TimerQueue.Entry entry : bySlot) {
      RunExecution run = entry.run();
      if (interrupted || entry.due().isAfter(deadline)) {
        run.abandon(
            ExecutionStatus.CANCELLED,
            "scheduler stopped before the run's slot " + entry.slot() + " came");
        continue;
      }
      boolean slotCame;
      try {
        slotCame =
            awaitSlot(entry.due(), Duration.between(clock.instant(), entry.due()).multipliedBy(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        interrupted = true;
        run.abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started");
        continue;
      }
      if (!slotCame) {
        run.abandon(
            ExecutionStatus.CANCELLED,
            "scheduler stopped before the run's slot " + entry.slot() + " came");
        continue;
      }
      startAtSlot(entry);
    }
  }

  /**
   * Waits until the clock reaches {@code slot}, for at most {@code longest}: true when it did,
   * false when the clock is still before it (set back, or one that does not move by itself), so
   * that no run starts before its slot. Parks rather than sleeps: {@code Thread.sleep} rounds a
   * wait of a fraction of a millisecond up to a whole one.
   */
  boolean awaitSlot(Instant slot, Duration longest) throws InterruptedException {
    long latest = System.nanoTime() + longest.toNanos();
    while (true) {
      long untilSlot = Duration.between(clock.instant(), slot).toNanos();
      if (untilSlot <= 0) {
        return true;
      }
      long left = latest - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(untilSlot, left));
      if (Thread.interrupted()) {
        throw new InterruptedException("stopped while waiting for the slot " + slot);
      }
    }
  }

  /** Waits for the runs for {@code grace}, then stops them (see {@link Workers#awaitOrStop}). */
  void awaitOrStop(Duration grace, Duration interruptGrace) {
    workers.awaitOrStop(grace, interruptGrace, active.values());
  }
}
