package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine: wires its parts and starts and stops them. A due slot goes timer ({@link TimerLoop})
 * → slot rules ({@link SlotRules}) → claim ({@link ClaimPath}: {@link BatchedClaims} or {@link
 * WorkerClaims}, with {@link SlotClaims}) → run ({@link RunsInFlight}, {@link RunExecution}) →
 * record and release ({@link RunCompletion}). Schedules themselves are kept by {@link
 * ScheduleRegistry}, their timetable by {@link SlotTimetable}.
 */
public final class SchedulerEngine implements EngineTime.Driven {
  private final SchedulerConfig config;
  private final Clock clock;
  private final EngineTime time;
  private final ScheduleRegistry registry;
  private final SlotTimetable timetable;
  private final BackendHealth backendHealth = new BackendHealth();
  private final BackendErrors errors;
  private final RunStats stats = new RunStats();
  private final RunsInFlight runs;
  private final RunCompletion completion;
  private final ClaimPath claims;
  private final SlotRules rules;
  private final TimerLoop timer;
  private final Maintenance maintenance;
  private final Ownership ownership;
  private final DownstreamTriggers downstream;
  private final DeferredSlots deferred;
  private final Membership membership;
  private final ChangeFollower changes;
  private final Object lifecycle = new Object();
  private volatile boolean running;

  /**
   * An engine over {@code store} and {@code locks}; {@code logsRunOutcomes} false only for a
   * scheduler of the library's own whose runs are not the application's (the run path's warm-up):
   * no run's outcome is then logged, a failure's WARN line included.
   */
  public SchedulerEngine(
      SchedulerConfig config,
      ScheduleStore store,
      LockBackend locks,
      SchedulerListener listener,
      ScheduleRegistry registry,
      Supplier<Set<String>> jobTypes,
      boolean logsRunOutcomes) {
    this.config = config;
    this.clock = config.clock();
    this.time = EngineTime.of(clock);
    this.registry = registry;
    // Persistence and distributed off: the in-memory store and a local backend of this scheduler's
    // own (see ScheduleStores and LockBackends), both maps of this process.
    boolean inMemory = !config.persistSchedules() && !config.distributed();
    ReapGate reapGate = new ReapGate(config.heartbeatTimeout(), config.heartbeatInterval());
    this.errors = new BackendErrors(store.name(), backendHealth, listener, clock, reapGate);
    // The in-memory store's slots are never read back (it holds only what this scheduler
    // registered, and a registered schedule's slots live in its runtime): no writer for it.
    PendingClaims pendingClaims = new PendingClaims();
    SlotsWriter slotsWriter =
        config.persistSchedules() ? new SlotsWriter(store, errors, pendingClaims) : null;
    Duration claimAhead = inMemory ? time.workerLead() : config.claimAhead();
    this.timetable = new SlotTimetable(claimAhead, slotsWriter, this::isRunning);
    registry.attach(timetable);
    this.runs = new RunsInFlight(config, time, listener, timetable);
    ClaimRetries retries = new ClaimRetries(config, timetable, listener, this::isRunning);
    // A run that ends, or does not start, starts what waited for it: the slot rules, made last.
    WaitingRuns waiting = this::startWaiting;
    this.completion =
        new RunCompletion(
            config,
            store,
            locks,
            listener,
            registry,
            timetable,
            stats,
            backendHealth,
            errors,
            waiting,
            runs,
            this::isRunning,
            pendingClaims,
            logsRunOutcomes);
    // With distributed off the backend is a `local` one of this scheduler's own, a map of this
    // process: the store's fence refuses a second record of a key for as long as its run is in the
    // history, so a claim on that backend would guard nothing more.
    SlotClaims.Fence fence =
        !config.distributed()
            ? SlotClaims.storeOnly(listener)
            : new LockBackendClaims(config, locks, listener, errors, retries);
    SlotClaims slotClaims =
        new SlotClaims(
            config, store, listener, fence, retries, errors, backendHealth, runs, waiting);
    QueuedRunFence queuedRuns =
        new QueuedRunFence(
            config,
            store,
            registry,
            slotClaims,
            runs,
            waiting,
            errors,
            backendHealth,
            this::isRunning);
    runs.connect(completion, queuedRuns);
    this.claims =
        inMemory
            ? new WorkerClaims(slotClaims, runs, time, this::isRunning)
            : new BatchedClaims(claimAhead, slotClaims, runs, completion, time, pendingClaims);
    this.ownership = new Ownership(config.instanceId(), jobTypes, config.persistSchedules());
    this.deferred = new DeferredSlots(ownership, timetable::takeOver);
    // Only a store that persists can be shared: in memory, this instance is alone.
    this.membership =
        config.persistSchedules()
            ? new Membership(
                store,
                ownership,
                deferred,
                new OrphanedSchedules(store, ownership, timetable, registry::runtimes, clock),
                registry::runtimes,
                jobTypes,
                clock,
                config.heartbeatTimeout())
            : null;
    this.changes =
        config.persistSchedules()
            ? new ChangeFollower(
                List.of(store::changes, locks::changes),
                registry::refreshFromStore,
                registry::refreshFromStore)
            : null;
    if (changes != null) {
      registry.publishChangesTo(changes::publish);
    }
    this.rules =
        new SlotRules(
            config,
            claims,
            timetable,
            retries,
            new Dependencies(store, registry),
            listener,
            runs,
            ownership,
            deferred,
            this::isRunning);
    this.downstream =
        new DownstreamTriggers(
            config, store, registry, ownership, queuedRuns, timetable, this::isRunning);
    completion.connect(downstream);
    this.timer = new TimerLoop(clock, time, timetable, rules, runs, this::isRunning);
    this.maintenance =
        new Maintenance(
            runs,
            completion,
            queuedRuns,
            errors,
            reapGate,
            store,
            config,
            registry,
            membership,
            ownership);
    maintenance.alsoEveryHeartbeat(downstream::catchUp);
    time.attach(this);
  }

  /** See {@link WaitingRuns}: the slot rules, built after the parts that end runs. */
  private void startWaiting(ScheduleRuntime runtime) {
    rules.startWaiting(runtime);
  }

  public boolean isRunning() {
    return running;
  }

  public boolean timerAlive() {
    return timer.alive();
  }

  public RunStats stats() {
    return stats;
  }

  /** The live instances and the job types they have, for health; null before the first beat. */
  public Optional<ClusterState> cluster() {
    ClusterView view = ownership.view();
    return view == null
        ? Optional.empty()
        : Optional.of(new ClusterState(view.liveIds(), view.liveJobTypes(), deferred.size()));
  }

  /** What health shows of the cluster: live instances, their job types, slots left to others. */
  public record ClusterState(Set<String> liveInstances, Set<String> liveJobTypes, int deferred) {}

  public BackendHealth backendHealth() {
    return backendHealth;
  }

  public int activeRunCount() {
    return runs.count();
  }

  // ---- lifecycle ----

  /**
   * Starts the timer thread and workers and arms every enabled schedule, catching up missed slots.
   */
  public void start() {
    synchronized (lifecycle) {
      if (running) {
        return;
      }
      runs.start();
      claims.start();
      running = true;
      Instant now = clock.instant();
      timer.start();
      timetable.armAll(registry.runtimes(), now);
      if (changes != null) {
        changes.start();
      }
      maintenance.start();
    }
  }

  /**
   * Stops firing, lets running jobs finish within the grace period, then cancels them. Runs that
   * were waiting for a worker are recorded as CANCELLED; nothing is left RUNNING.
   */
  public void stop(Duration grace, Duration interruptGrace) {
    synchronized (lifecycle) {
      if (!running) {
        return;
      }
      running = false;
      maintenance.stop();
      if (changes != null) {
        changes.stop();
      }
      deferred.clear();
      List<TimerQueue.Entry> claimedAhead = new ArrayList<>(timetable.takeClaimedAhead());
      timer.stop();
      // After the timer has stopped: the last entries it fired cannot refill these.
      for (ScheduleRuntime runtime : registry.runtimes()) {
        synchronized (runtime) {
          runtime.clearWaiting();
        }
      }
      // Slots queued for a claim have moved on (their last slot is written): they are claimed and
      // recorded, then run like the runs already in flight (or cancelled below with those waiting
      // for a worker), so none is lost without a trace.
      claims.stop();
      claimedAhead.addAll(
          timetable.takeClaimedAhead()); // the batch in hand may have put runs there
      runs.startClaimedAhead(claimedAhead, grace);
      for (Runnable waiting : runs.closeWorkers()) {
        if (waiting instanceof RunExecution run) {
          run.abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started");
        } else {
          claims.cancelUnstarted(waiting);
        }
      }
      timetable.flushSlots();
      runs.awaitOrStop(grace, interruptGrace);
      completion.stop(); // writes the records of the runs that ended
      // Every run has ended by now; claim tasks dropped from the pool's queue never started, so
      // no slot may stay counted as in flight into the next start().
      for (ScheduleRuntime runtime : registry.runtimes()) {
        synchronized (runtime) {
          runtime.endAll();
        }
      }
      // Last, with every claim recorded and every last slot written: the others take over from
      // there at their next heartbeat.
      if (membership != null) {
        membership.leave();
      }
    }
  }

  /** At close, after {@link #stop}: detaches from the engine's time and stops the slots writer. */
  public void close() {
    time.detach(this);
    timetable.close();
  }

  // ---- what a clock moved by hand sees (EngineTime.Driven) ----

  @Override
  public Optional<Instant> nextDue() {
    return running ? timetable.nextDue() : Optional.empty();
  }

  @Override
  public void wake() {
    timetable.wake();
  }

  @Override
  public Collection<String> runsInFlight() {
    return running ? runs.namesOnWorkers() : List.of();
  }

  // ---- manual runs, cancel, live output ----

  /** Starts a run of the schedule now, whatever its type, state or overlap policy. */
  public CompletableFuture<ExecutionRecord> runNow(ScheduleRuntime runtime) {
    return startManual(runtime, true).result.copy();
  }

  /**
   * As {@link #runNow(ScheduleRuntime)}; when {@code triggerDownstream} is false, its success
   * triggers no schedule {@code after} it.
   */
  public CompletableFuture<ExecutionRecord> runNow(
      ScheduleRuntime runtime, boolean triggerDownstream) {
    return startManual(runtime, triggerDownstream).result.copy();
  }

  /**
   * Starts a manual run and returns it at once.
   *
   * @throws SchedulerException when not running, or when the run could not be recorded
   */
  public ExecutionRecord startNow(ScheduleRuntime runtime) {
    return startManual(runtime, true).record();
  }

  /** As {@link #startNow(ScheduleRuntime)}, triggering downstream schedules or not. */
  public ExecutionRecord startNow(ScheduleRuntime runtime, boolean triggerDownstream) {
    return startManual(runtime, triggerDownstream).record();
  }

  /**
   * Starts a manual run of the schedule now that skips the steps that succeeded in {@code resumed}
   * (a run of the same schedule whose job is a pipeline), keeping their outcomes; it triggers its
   * downstream schedules like any run.
   *
   * @throws SchedulerException when the schedule's job is not a {@link Pipeline}, or as {@link
   *     #runNow}
   */
  public CompletableFuture<ExecutionRecord> resume(
      ScheduleRuntime runtime, ExecutionRecord resumed) {
    if (!(runtime.definition().job() instanceof Pipeline)) {
      throw new SchedulerException(
          "run "
              + resumed.runId()
              + ": the job of schedule '"
              + runtime.name()
              + "' is not a Pipeline, so it has no steps to resume from; use runNow");
    }
    return startManual(runtime, true, run -> run.context.resume(resumed.steps())).result.copy();
  }

  private RunExecution startManual(ScheduleRuntime runtime, boolean triggerDownstream) {
    return startManual(runtime, triggerDownstream, run -> {});
  }

  private RunExecution startManual(
      ScheduleRuntime runtime, boolean triggerDownstream, Consumer<RunExecution> beforeLaunch) {
    if (!running) {
      throw new SchedulerException(
          "schedule '" + runtime.name() + "': the scheduler is not running; call start() first");
    }
    RunExecution run;
    synchronized (runtime) {
      Instant now = clock.instant();
      // Marked before the run is launched: it may end at once (a cancel of its QUEUED record).
      Consumer<RunExecution> launching =
          triggerDownstream
              ? beforeLaunch
              : beforeLaunch.andThen(started -> downstream.withoutDownstream(started.runId()));
      run = rules.startRun(runtime, now, Trigger.MANUAL, 1, now, launching);
    }
    if (run == null) {
      throw new SchedulerException(
          "schedule '" + runtime.name() + "': the run could not be recorded; see health details");
    }
    return run;
  }

  /** A run in flight on this instance, with its output so far. */
  public Optional<ExecutionRecord> liveRun(String runId) {
    return runs.live(runId);
  }

  /** Asks a running (or waiting) run to stop; false when no such run is in flight here. */
  public boolean cancel(String runId) {
    return runs.cancel(runId);
  }

  public Collection<String> activeRunIds() {
    return runs.ids();
  }

  /** How many run starts and ends wait for the store (health details). */
  public int runWritesWaiting() {
    return completion.writes().waitingCount();
  }

  /** How many run starts and ends were not kept, past the bound of those waiting (health). */
  public long runWritesDropped() {
    return completion.writes().droppedCount();
  }

  /**
   * Counts a failed read of the store made for a caller (e.g. {@code getHistory}) as a store error:
   * logged, told to listeners, and DEGRADED health until a health check reaches the store again or
   * a claim succeeds.
   */
  public void storeReadFailed(String operation, RuntimeException error) {
    errors.readFailed(operation, error);
  }
}
