package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the scheduler: one timer thread over a {@link TimerQueue}, a bounded {@link
 * WorkerPool}, and the rules for firing slots (misfire, overlap, dependencies, claims, retries).
 * Schedules themselves are kept by {@link ScheduleRegistry}; this class only fires and runs them.
 */
public final class SchedulerEngine implements SettableClock.Listener {
  private static final Logger log = LoggerFactory.getLogger(SchedulerEngine.class);

  /**
   * The most slots claimed, or runs recorded, in one store call: large enough that a burst costs
   * few transactions, small enough that one batch's statements stay quick.
   */
  private static final int MAX_BATCH = 500;

  /**
   * The most due timetable entries the timer thread takes at once (one lock, one clock reading):
   * few enough that the entries fired together see nearly the same now.
   */
  private static final int FIRE_BATCH = 64;

  /** Schedules armed per timetable lock at start (see {@link #armAll}). */
  private static final int ARM_CHUNK = 256;

  private final SchedulerConfig config;
  private final Clock clock;
  private final boolean timeMovesByItself;
  private final ScheduleStore store;
  private final LockBackend locks;
  private final SchedulerListener listener;
  private final ScheduleRegistry registry;
  private final Maintenance maintenance;
  private final SlotDispatcher dispatcher;
  private final RunCompletion completion;
  private final QueuedRunFence queuedRuns;
  private final TimerQueue timetable = new TimerQueue();
  private final SlotsWriter slotsWriter;
  private final ReentrantLock firing = new ReentrantLock();
  private final Map<String, RunExecution> activeRuns = new ConcurrentHashMap<>();
  private final RunStats stats = new RunStats();
  private final BackendHealth backendHealth = new BackendHealth();
  private final Object idle = new Object();
  private final Object lifecycle = new Object();
  private volatile boolean running;
  private volatile WorkerPool pool;
  private volatile ScheduledExecutorService watchdog;
  private volatile Thread timerThread;
  private volatile BatchQueue<SlotDispatcher.ClaimRequest> claimQueue;
  private volatile BatchQueue<RunCompletion.Finished> recordQueue;

  /**
   * Persistence and distributed off: the in-memory store and a local backend of this scheduler's
   * own (see ScheduleStores and LockBackends), both maps of this process. Decides {@link
   * #claimsInBatches}, {@link #claimsOnWorkers} and {@link #claimsInStoreOnly}.
   */
  private final boolean inMemory;

  /** How long before its slot a slot is claimed: {@link SchedulerConfig#claimAhead} or zero. */
  private final Duration claimAhead;

  public SchedulerEngine(
      SchedulerConfig config,
      ScheduleStore store,
      LockBackend locks,
      SchedulerListener listener,
      ScheduleRegistry registry) {
    this.config = config;
    this.clock = config.clock();
    this.timeMovesByItself = !(clock instanceof SettableClock);
    this.store = store;
    this.locks = locks;
    this.listener = listener;
    this.registry = registry;
    this.inMemory = !config.persistSchedules() && !config.distributed();
    this.claimAhead = claimsInBatches() ? config.claimAhead() : Duration.ZERO;
    // The in-memory store's slots are never read back (it holds only what this scheduler
    // registered, and a registered schedule's slots live in its runtime): no writer for it.
    this.slotsWriter = config.persistSchedules() ? new SlotsWriter(store, this) : null;
    this.maintenance = new Maintenance(this, store, config, registry::refreshFromStore);
    this.dispatcher =
        new SlotDispatcher(
            this, config, store, locks, listener, registry, timetable, backendHealth);
    this.completion =
        new RunCompletion(
            this,
            dispatcher,
            config,
            store,
            locks,
            listener,
            registry,
            timetable,
            stats,
            backendHealth);
    this.queuedRuns =
        new QueuedRunFence(this, config, store, registry, dispatcher, completion, backendHealth);
    if (clock instanceof SettableClock settable) {
      settable.addListener(this);
    }
  }

  Clock clock() {
    return clock;
  }

  ScheduledExecutorService watchdog() {
    return watchdog;
  }

  public boolean isRunning() {
    return running;
  }

  public boolean timerAlive() {
    Thread timer = timerThread;
    return timer != null && timer.isAlive();
  }

  public RunStats stats() {
    return stats;
  }

  public BackendHealth backendHealth() {
    return backendHealth;
  }

  public int activeRunCount() {
    return activeRuns.size();
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
      pool = new WorkerPool(config.maxConcurrentRuns());
      watchdog =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "pipeline-scheduler-watchdog");
                thread.setDaemon(true);
                return thread;
              });
      if (claimsInBatches()) {
        claimQueue =
            new BatchQueue<>("pipeline-scheduler-claims", MAX_BATCH, dispatcher::claimQueued);
        recordQueue =
            new BatchQueue<>("pipeline-scheduler-records", MAX_BATCH, completion::recordFinished);
      }
      running = true;
      Instant now = clock.instant();
      Thread timer = new Thread(this::timerLoop, "pipeline-scheduler-timer");
      timer.setDaemon(true);
      timerThread = timer;
      timer.start();
      armAll(now);
      maintenance.start();
    }
  }

  /**
   * Arms every registered schedule at start. The timer thread already runs: the first slots fire
   * while the rest are armed, in chunks that each take the timetable's lock once.
   */
  private void armAll(Instant now) {
    List<TimerQueue.Entry> chunk = new ArrayList<>(ARM_CHUNK);
    for (ScheduleRuntime runtime : registry.runtimes()) {
      synchronized (runtime) {
        try {
          Instant next = nextSlotOnArm(runtime, now, true);
          if (next != null) {
            chunk.add(slotEntry(runtime, next));
          }
        } catch (RuntimeException e) {
          // Its timing computed a next slot at registration; one that fails now must not keep
          // the other schedules from starting.
          log.error("schedule '{}' could not be armed at start; it will not fire", runtime.name, e);
        }
      }
      if (chunk.size() == ARM_CHUNK) {
        timetable.addAll(chunk);
        chunk.clear();
      }
    }
    timetable.addAll(chunk);
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
      Thread timer = timerThread;
      List<TimerQueue.Entry> claimedAhead = new ArrayList<>(takeClaimedAhead());
      timer.interrupt();
      joinQuietly(timer);
      // After the timer has stopped: the last entries it fired cannot refill these.
      for (ScheduleRuntime runtime : registry.runtimes()) {
        synchronized (runtime) {
          runtime.queuedSlot = null;
          runtime.pendingResume = null;
          runtime.backlog.clear();
        }
      }
      if (claimQueue != null) {
        // Slots queued for a claim have moved on (their last slot is written): they are claimed
        // and recorded, then run like the runs already in flight (or cancelled below with those
        // waiting for a worker), so none is lost without a trace.
        claimQueue.close();
        claimQueue = null;
        claimedAhead.addAll(takeClaimedAhead()); // the batch in hand may have put runs there
      }
      startClaimedAhead(claimedAhead, grace);
      for (Runnable waiting : pool.shutdownAndDrainWaiting()) {
        if (waiting instanceof RunExecution run) {
          run.abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started");
        } else if (waiting instanceof SlotDispatcher.ClaimAndRun slot) {
          slot.cancel();
        }
      }
      if (slotsWriter != null) {
        slotsWriter.flush();
      }
      if (!awaitPool(grace)) {
        for (RunExecution run : List.copyOf(activeRuns.values())) {
          run.stop(
              ExecutionStatus.CANCELLED,
              "scheduler stopped; the run was still running after the shutdown grace of " + grace);
        }
        if (!awaitPool(interruptGrace)) {
          for (RunExecution run : List.copyOf(activeRuns.values())) {
            run.abandon(
                ExecutionStatus.CANCELLED,
                "scheduler stopped; the job ignored interruption and was abandoned");
          }
        }
        pool.interruptAll();
      }
      watchdog.shutdownNow();
      if (recordQueue != null) {
        recordQueue.close(); // writes the records of the runs that ended
        recordQueue = null;
      }
      completion.writes().flushAtStop();
      // Every run has ended by now; claim tasks dropped from the pool's queue never started, so
      // no slot may stay counted as in flight into the next start().
      for (ScheduleRuntime runtime : registry.runtimes()) {
        synchronized (runtime) {
          runtime.inFlight = 0;
        }
      }
    }
  }

  /** Empties the timetable; returns the runs claimed ahead of their slots that were waiting. */
  private List<TimerQueue.Entry> takeClaimedAhead() {
    return timetable.clear().stream()
        .filter(entry -> entry.kind() == TimerQueue.Kind.START)
        .toList();
  }

  /**
   * At stop: runs claimed ahead are in flight, like runs already running. Those whose slot comes
   * within the shutdown grace start at their slot (this waits, at most {@code claimAhead}); the
   * others end CANCELLED. Their slots are recorded, so a restart would not run them.
   */
  private void startClaimedAhead(List<TimerQueue.Entry> claimed, Duration grace) {
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
      long waitNanos = Duration.between(clock.instant(), entry.due()).toNanos();
      if (waitNanos > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(waitNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          interrupted = true;
          run.abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started");
          continue;
        }
      }
      startClaimed(entry);
    }
  }

  private boolean awaitPool(Duration timeout) {
    try {
      return pool.awaitTermination(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void timerLoop() {
    Duration maxWait = timeMovesByItself ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
    while (running) {
      try {
        fireDue();
        timetable.awaitChange(clock.instant(), timeMovesByItself, maxWait);
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } catch (RuntimeException | Error e) {
        log.error("pipeline-scheduler timer: unexpected error; firing goes on", e);
      }
    }
  }

  // ---- settable clock ----

  /** At close, after {@link #stop}: stops listening to a settable clock and the slots writer. */
  public void close() {
    if (clock instanceof SettableClock settable) {
      settable.removeListener(this);
    }
    if (slotsWriter != null) {
      slotsWriter.close();
    }
  }

  @Override
  public Optional<Instant> nextDue() {
    return running ? timetable.nextDue() : Optional.empty();
  }

  @Override
  public void timeMoved(Instant now, boolean awaitRuns, Duration settleTimeout) {
    if (!running) {
      return;
    }
    fireDue();
    if (awaitRuns) {
      awaitIdle(settleTimeout);
    }
  }

  private void awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (!activeRuns.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "runs still in flight after "
                  + timeout
                  + ": "
                  + activeRuns.values().stream().map(r -> r.record().scheduleName()).toList()
                  + "; use SettableClock.advanceWithoutWaiting for jobs that block");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  // ---- arming and firing ----

  /**
   * Computes the runtime's next slot and puts it on the timetable. With {@code catchUp}, counting
   * goes on from its last fired slot, so slots missed meanwhile are handled by the misfire policy
   * when the entry fires; otherwise from now. Caller holds the runtime's monitor.
   */
  void arm(ScheduleRuntime runtime, Instant now, boolean catchUp) {
    Instant next = nextSlotOnArm(runtime, now, catchUp);
    if (running && next != null) {
      addSlot(runtime, next);
    }
  }

  /**
   * The arming of {@link #arm} without the timetable: moves the runtime to a new generation and
   * returns its next slot (also kept as {@code nextSlot}), or null when disabled or done.
   */
  private Instant nextSlotOnArm(ScheduleRuntime runtime, Instant now, boolean catchUp) {
    runtime.generation++;
    runtime.nextSlot = null;
    if (!runtime.enabled) {
      return null;
    }
    Timing timing = runtime.definition.timing();
    Instant from = now;
    if (catchUp && runtime.lastSlot != null) {
      from = runtime.lastSlot;
    } else if (runtime.lastSlot == null && timing.type() == ScheduleType.ONCE) {
      from = Instant.EPOCH.minus(Duration.ofDays(1));
    }
    Instant next = timing.nextAfter(from).orElse(null);
    runtime.nextSlot = next;
    return next;
  }

  /**
   * Puts the runtime's next slot on the timetable: {@link #claimAhead} before it, when slots are
   * claimed in batches. Caller holds the runtime's monitor.
   */
  void addSlot(ScheduleRuntime runtime, Instant slot) {
    timetable.add(slotEntry(runtime, slot));
  }

  private TimerQueue.Entry slotEntry(ScheduleRuntime runtime, Instant slot) {
    return timetable.entry(
        TimerQueue.Kind.SLOT,
        slot.minus(claimAhead),
        runtime,
        runtime.generation,
        slot,
        1,
        Trigger.SCHEDULED);
  }

  /** Drops the runtime's pending timetable entries, queued slot and backlog. */
  void disarm(ScheduleRuntime runtime) {
    runtime.generation++;
    runtime.nextSlot = null;
    runtime.queuedSlot = null;
    runtime.pendingResume = null;
    runtime.backlog.clear();
  }

  private void fireDue() {
    firing.lock();
    try {
      List<TimerQueue.Entry> due = new ArrayList<>(FIRE_BATCH);
      while (running) {
        Instant now = clock.instant();
        timetable.pollDue(now, FIRE_BATCH, due);
        if (due.isEmpty()) {
          return;
        }
        for (TimerQueue.Entry entry : due) {
          // Once a stop has begun only runs claimed ahead still start (the stop took the others
          // from the timetable, and these were no longer there); a slot left unfired is caught up
          // at the next start like any slot missed while stopped.
          if (running || entry.kind() == TimerQueue.Kind.START) {
            fire(entry, now);
          }
        }
        due.clear();
      }
    } finally {
      firing.unlock();
    }
  }

  private void fire(TimerQueue.Entry entry, Instant now) {
    ScheduleRuntime runtime = entry.runtime();
    if (entry.kind() == TimerQueue.Kind.START) {
      startClaimed(entry);
      return;
    }
    synchronized (runtime) {
      // Under the runtime's monitor: an unschedule marks it removed before it takes the monitor.
      if (!runtime.enabled || !registry.isCurrent(runtime)) {
        return;
      }
      switch (entry.kind()) {
        case RETRY ->
            dispatcher.startRun(runtime, entry.slot(), Trigger.RETRY, entry.attempt(), now);
        case RESUME -> dispatcher.resume(runtime, entry, now);
        case SLOT -> {
          if (entry.generation() != runtime.generation) {
            return;
          }
          if (entry.slot().isAfter(now)) {
            dispatcher.fireSlotAhead(runtime, entry.slot(), now);
          } else {
            dispatcher.fireSlot(runtime, entry.slot(), now);
          }
        }
        case START -> throw new IllegalStateException("handled above");
      }
    }
  }

  // ---- run callbacks (worker and watchdog threads) ----

  /**
   * Whether slots are claimed and recorded in batches on the claim thread, and runs' records
   * written in batches on the record thread, rather than one by one on the timer and worker
   * threads: when time moves by itself and a claim or a record is a round trip (a persistent store
   * or a shared lock backend). In memory see {@link #claimsOnWorkers}; under a settable clock they
   * stay on the timer thread.
   */
  boolean claimsInBatches() {
    return timeMovesByItself && !inMemory;
  }

  /**
   * Whether a due slot is claimed and recorded by the worker that then runs it, rather than on the
   * timer thread: in memory (persistence and {@code distributed} off), when time moves by itself.
   * The timer thread then only applies the slot rules, and a burst of due slots is claimed by every
   * worker at once.
   */
  boolean claimsOnWorkers() {
    return timeMovesByItself && inMemory;
  }

  /**
   * Whether the store's fence alone claims a slot, without the lock backend: in memory (persistence
   * and {@code distributed} off, so the in-memory store and a {@code local} backend of this
   * scheduler's own). Both are maps of this process with the same lifetime, and the store already
   * records at most one run per schedule, slot and attempt, for as long as the run is in its
   * history; a second claim would guard nothing more. With {@code distributed} on, the backend
   * (even a {@code local} one given to the config) may be shared, so it is always asked.
   */
  boolean claimsInStoreOnly() {
    return inMemory;
  }

  /** Hands a task to the worker pool (a slot to claim and run, see {@link #claimsOnWorkers}). */
  void submit(Runnable task) {
    pool.submit(task);
  }

  /** Runs a claimed and recorded run on this (worker) thread. */
  void runHere(RunExecution run) {
    activeRuns.put(run.runId(), run);
    run.run();
  }

  /** Starts a slot that waited for a run that did not start after all (its claim was lost). */
  void startWaitingRun(ScheduleRuntime runtime) {
    completion.startWaitingRun(runtime);
  }

  /** Queues a due slot for the claim thread; false when stopping (or not batching). */
  boolean queueClaim(SlotDispatcher.ClaimRequest request) {
    BatchQueue<SlotDispatcher.ClaimRequest> queue = claimQueue;
    return queue != null && queue.add(request);
  }

  /**
   * Queues a run's start or end for the record thread; false when there is none (write it at once).
   */
  boolean queueFinished(RunCompletion.Finished finished) {
    BatchQueue<RunCompletion.Finished> queue = recordQueue;
    return queue != null && queue.add(finished);
  }

  /** A slot fired: its schedule's last and next slots are written to the store behind the timer. */
  void slotsFired(String name, Instant last, Instant next) {
    if (slotsWriter != null) {
      slotsWriter.put(name, last, next);
    }
  }

  /**
   * A run claimed ahead of its slot starts now, unless its schedule was disabled or removed, or
   * re-registered with another timing (the slot may not be one of it any more). Re-registered with
   * the same timing, it runs the new job.
   */
  private void startClaimed(TimerQueue.Entry entry) {
    RunExecution run = entry.run();
    run.waitingForSlot = false;
    if (run.isFinished()) {
      return; // cancelled while it waited for its slot
    }
    ScheduleRuntime runtime = run.runtime;
    String reason = null;
    synchronized (runtime) {
      if (!runtime.enabled || !registry.isCurrent(runtime)) {
        reason = "schedule '" + runtime.name + "' was disabled or removed before the run started";
      } else if (entry.generation() != runtime.generation) {
        if (run.claimedUnder().sameTimingAs(runtime.definition)) {
          run.replaceJob(runtime.definition.job());
        } else {
          reason =
              "schedule '"
                  + runtime.name
                  + "' was replaced with another timing before the run"
                  + " started";
        }
      }
    }
    if (reason == null) {
      pool.submit(run);
    } else {
      run.abandon(ExecutionStatus.CANCELLED, reason);
    }
  }

  /**
   * Hands a claimed and recorded run to the worker pool at {@code at}: at once when that has
   * passed, else from the timetable. It counts as active (heartbeats, cancel) from now.
   */
  void launchAt(RunExecution run, Instant at) {
    if (at == null || !at.isAfter(clock.instant())) {
      launch(run);
      return;
    }
    activeRuns.put(run.runId(), run);
    run.waitingForSlot = true;
    timetable.addStart(at, run);
  }

  /** Hands a claimed and recorded run to the worker pool. */
  void launch(RunExecution run) {
    activeRuns.put(run.runId(), run);
    pool.submit(run);
  }

  void runFinished(RunExecution run, ExecutionRecord record) {
    completion.runFinished(run, record);
  }

  /** A worker started the run's job: its start (QUEUED to RUNNING) is written behind it. */
  void recordStart(RunExecution run, ExecutionRecord started) {
    completion.runStarted(run, started);
  }

  /**
   * Runs whose start or end waits for the store: still this instance's (heartbeats, no reaping).
   */
  Collection<String> waitingWriteIds() {
    return completion.writes().waitingRunIds();
  }

  /** Maintenance reached the store: the starts and ends waiting for it are written now. */
  void retryWaitingWrites() {
    completion.writes().retryWaiting();
  }

  /** How many run starts and ends wait for the store (health details). */
  public int runWritesWaiting() {
    return completion.writes().waitingCount();
  }

  /** How many run starts and ends were not kept, past the bound of those waiting (health). */
  public long runWritesDropped() {
    return completion.writes().droppedCount();
  }

  /** The fence that keeps each QUEUED run to one instance. */
  QueuedRunFence queuedRuns() {
    return queuedRuns;
  }

  /** A run of this instance, while it is in flight. */
  RunExecution activeRun(String runId) {
    return activeRuns.get(runId);
  }

  /** Counts a run as in flight here. */
  void track(RunExecution run) {
    activeRuns.put(run.runId(), run);
  }

  /** A run's record is final: it no longer counts as in flight. */
  void runEnded(RunExecution run) {
    activeRuns.remove(run.runId());
    if (!timeMovesByItself) { // only a settable clock's advance waits for the runs to end
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  void runAbandonedElsewhere(ExecutionRecord stale, Instant now, String reason) {
    completion.runAbandonedElsewhere(stale, now, reason);
  }

  void runStarted(RunExecution run, Duration lateness) {
    listener.onRunStarted(run.record(), lateness);
  }

  /**
   * After a timeout or cancel: if the job has not stopped within the interrupt grace, abandon it
   * (its record is finished with {@code status}) and give the pool a worker in its place.
   */
  void watchStuck(RunExecution run, ExecutionStatus status, String why) {
    Duration grace = config.interruptGrace();
    ScheduledFuture<?> unused =
        watchdog.schedule(
            () -> {
              synchronized (run) {
                if (run.abandon(
                    status,
                    why
                        + "; the job ignored interruption for "
                        + grace
                        + " and was abandoned; its worker was replaced")) {
                  run.workerReplaced = true;
                  pool.replaceStuckWorker();
                  log.error(
                      "schedule '{}': run {} ignored interruption; abandoned",
                      run.runtime.name,
                      run.runId());
                }
              }
            },
            grace.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  void stuckWorkerReturned(RunExecution run) {
    synchronized (run) {
      if (run.workerReplaced) {
        run.workerReplaced = false;
        pool.stuckWorkerReturned();
      }
    }
  }

  // ---- manual runs and cancel ----

  /** Starts a run of the schedule now, whatever its type, state or overlap policy. */
  public CompletableFuture<ExecutionRecord> runNow(ScheduleRuntime runtime) {
    return startManual(runtime).result.copy();
  }

  /**
   * Starts a manual run and returns it at once.
   *
   * @throws SchedulerException when not running, or when the run could not be recorded
   */
  public ExecutionRecord startNow(ScheduleRuntime runtime) {
    return startManual(runtime).record();
  }

  private RunExecution startManual(ScheduleRuntime runtime) {
    if (!running) {
      throw new SchedulerException(
          "schedule '" + runtime.name + "': the scheduler is not running; call start() first");
    }
    RunExecution run;
    synchronized (runtime) {
      Instant now = clock.instant();
      run = dispatcher.startRun(runtime, now, Trigger.MANUAL, 1, now);
    }
    if (run == null) {
      throw new SchedulerException(
          "schedule '" + runtime.name + "': the run could not be recorded; see health details");
    }
    return run;
  }

  /** A run in flight on this instance, with its output so far. */
  public Optional<ExecutionRecord> liveRun(String runId) {
    return Optional.ofNullable(activeRuns.get(runId)).map(RunExecution::liveRecord);
  }

  /**
   * Another instance marked one of this instance's runs ABANDONED (its heartbeat looked stale, e.g.
   * through clock skew) and may already retry it: stop this copy, told through {@code
   * isCancelled()} and an interrupt; its stored ABANDONED record is kept.
   */
  void stopAbandonedHere(String runId) {
    RunExecution run = activeRuns.get(runId);
    if (run != null && run.dropUnstarted()) {
      // Still QUEUED here (waiting for a worker or its slot), so another instance took it over and
      // ended it: it ran there. It is neither retried nor reported here.
      log.warn(
          "schedule '{}': run {} waited here but another instance took it over and ended it; it"
              + " does not run here",
          run.runtime.name,
          runId);
      queuedRuns.dropped(run, "another instance took it over and ended it");
    } else if (run != null) {
      log.warn(
          "schedule '{}': run {} was marked ABANDONED by another instance; stopping it here",
          run.runtime.name,
          runId);
      run.stop(
          ExecutionStatus.ABANDONED, "marked ABANDONED by another instance while running here");
    }
  }

  /** Asks a running (or waiting) run to stop; false when no such run is in flight here. */
  public boolean cancel(String runId) {
    RunExecution run = activeRuns.get(runId);
    if (run == null) {
      return false;
    }
    WorkerPool workers = pool;
    if (run.waitingForSlot || (workers != null && workers.removeWaiting(run))) {
      run.abandon(ExecutionStatus.CANCELLED, "cancelled before it started");
    } else {
      run.stop(ExecutionStatus.CANCELLED, "cancelled");
      watchStuck(run, ExecutionStatus.CANCELLED, "cancelled");
    }
    return true;
  }

  public Collection<String> activeRunIds() {
    return List.copyOf(activeRuns.keySet());
  }

  // ---- helpers ----

  /**
   * Counts a failed read of the store made for a caller (e.g. {@code getHistory}) as a store error:
   * logged, told to listeners, and DEGRADED health until a health check reaches the store again or
   * a claim succeeds.
   */
  public void storeReadFailed(String operation, RuntimeException error) {
    log.error("pipeline-scheduler: {} {} failed: {}", store.name(), operation, error.toString());
    backendHealth.readFailed(store.name(), operation, error, clock.instant());
    listener.onBackendError(store.name(), operation, error);
  }

  void backendError(String backend, String operation, RuntimeException error) {
    if (backend.equals(store.name())) {
      maintenance.storeFailed(); // others' heartbeats may have failed too: no reaping for a while
    }
    log.error("pipeline-scheduler: {} {} failed: {}", backend, operation, error.toString());
    backendHealth.failed(backend, operation, error, clock.instant());
    listener.onBackendError(backend, operation, error);
  }
}
