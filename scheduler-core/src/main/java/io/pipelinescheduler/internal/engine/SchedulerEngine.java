package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
  private static final Duration MIN_TOMBSTONE = Duration.ofMinutes(5);
  private static final Duration RESUME_FIRST_DELAY = Duration.ofSeconds(1);
  private static final Duration RESUME_MAX_DELAY = Duration.ofSeconds(30);

  private final SchedulerConfig config;
  private final Clock clock;
  private final boolean timeMovesByItself;
  private final ScheduleStore store;
  private final LockBackend locks;
  private final SchedulerListener listener;
  private final ScheduleRegistry registry;
  private final Maintenance maintenance;
  private final TimerQueue timetable = new TimerQueue();
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
    this.maintenance = new Maintenance(this, store, config, registry::refreshFromStore);
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
      running = true;
      Instant now = clock.instant();
      for (ScheduleRuntime runtime : registry.runtimes()) {
        synchronized (runtime) {
          arm(runtime, now, true);
        }
      }
      Thread timer = new Thread(this::timerLoop, "pipeline-scheduler-timer");
      timer.setDaemon(true);
      timerThread = timer;
      timer.start();
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
      Thread timer = timerThread;
      timetable.clear();
      for (ScheduleRuntime runtime : registry.runtimes()) {
        synchronized (runtime) {
          runtime.queuedSlot = null;
          runtime.pendingResume = null;
          runtime.backlog.clear();
        }
      }
      timer.interrupt();
      joinQuietly(timer);
      for (Runnable waiting : pool.shutdownAndDrainWaiting()) {
        ((RunExecution) waiting)
            .abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started");
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

  /** Stops listening to a settable clock (at close). */
  public void detachClock() {
    if (clock instanceof SettableClock settable) {
      settable.removeListener(this);
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
    runtime.generation++;
    runtime.nextSlot = null;
    if (!runtime.enabled) {
      return;
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
    if (running && next != null) {
      timetable.add(
          TimerQueue.Kind.SLOT, next, runtime, runtime.generation, next, 1, Trigger.SCHEDULED);
    }
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
      while (running) {
        Instant now = clock.instant();
        Optional<TimerQueue.Entry> due = timetable.pollDue(now);
        if (due.isEmpty()) {
          return;
        }
        fire(due.get(), now);
      }
    } finally {
      firing.unlock();
    }
  }

  private void fire(TimerQueue.Entry entry, Instant now) {
    ScheduleRuntime runtime = entry.runtime();
    if (!registry.isCurrent(runtime)) {
      return;
    }
    synchronized (runtime) {
      if (!runtime.enabled) {
        return;
      }
      switch (entry.kind()) {
        case RETRY -> startRun(runtime, entry.slot(), Trigger.RETRY, entry.attempt(), now);
        case RESUME -> resume(runtime, entry, now);
        case SLOT -> {
          if (entry.generation() == runtime.generation) {
            fireSlot(runtime, entry.slot(), now);
          }
        }
      }
    }
  }

  private void fireSlot(ScheduleRuntime runtime, Instant slot, Instant now) {
    Timing timing = runtime.definition.timing();
    Instant cutoff = now.minus(config.misfireGrace());
    if (!slot.isBefore(cutoff)) {
      moveOn(runtime, slot, timing.nextAfter(slot).orElse(null));
      dispatch(runtime, slot, Trigger.SCHEDULED, now);
      return;
    }
    MisfirePolicy policy = runtime.definition.policy().misfire();
    int keep = policy == MisfirePolicy.FIRE_ALL ? config.fireAllLimit() : 0;
    MissedSlots missed = MissedSlots.scan(timing, slot, cutoff, keep);
    moveOn(runtime, missed.last(), missed.next());
    log.warn(
        "schedule '{}': {} slot(s) missed up to {}; misfire policy {}",
        runtime.name,
        missed.count(),
        missed.last(),
        policy);
    safely(() -> listener.onMisfire(runtime.name, missed.count(), policy));
    switch (policy) {
      case SKIP ->
          skipped(runtime, missed.last(), SkipReason.MISFIRE, missed.count() + " slot(s) missed");
      case FIRE_ONCE -> dispatch(runtime, missed.last(), Trigger.CATCH_UP, now);
      case FIRE_ALL -> {
        runtime.backlog.addAll(missed.kept());
        if (runtime.inFlight == 0) {
          startRun(runtime, runtime.backlog.poll(), Trigger.CATCH_UP, 1, now);
        }
      }
    }
  }

  /** Records {@code last} as fired and puts {@code next} on the timetable. */
  private void moveOn(ScheduleRuntime runtime, Instant last, Instant next) {
    runtime.lastSlot = last;
    runtime.nextSlot = next;
    if (next != null) {
      timetable.add(
          TimerQueue.Kind.SLOT, next, runtime, runtime.generation, next, 1, Trigger.SCHEDULED);
    }
    try {
      store.updateSlots(runtime.name, last, next);
    } catch (RuntimeException e) {
      backendError(store.name(), "updateSlots", e);
    }
  }

  /** Runs a due slot unless the overlap policy or a dependency says otherwise. */
  private void dispatch(ScheduleRuntime runtime, Instant slot, Trigger trigger, Instant now) {
    if (runtime.inFlight > 0) {
      switch (runtime.definition.policy().overlap()) {
        case QUEUE -> {
          if (runtime.queuedSlot != null) {
            skipped(
                runtime,
                runtime.queuedSlot,
                SkipReason.OVERLAP,
                "collapsed into a later queued slot");
          }
          runtime.queuedSlot = slot;
          return;
        }
        case SKIP -> {
          skipped(runtime, slot, SkipReason.OVERLAP, "the previous run was still running");
          return;
        }
        case ALLOW -> {
          // runs in parallel
        }
      }
    }
    String unmet = registry.unmetDependency(runtime);
    if (unmet != null) {
      skipped(runtime, slot, SkipReason.DEPENDENCY, unmet);
      return;
    }
    runtime.previousRunStart = now;
    startRun(runtime, slot, trigger, 1, now);
  }

  private void skipped(ScheduleRuntime runtime, Instant slot, SkipReason reason, String detail) {
    log.info("schedule '{}': slot {} skipped ({}): {}", runtime.name, slot, reason, detail);
    safely(() -> listener.onSlotSkipped(runtime.name, slot, reason, detail));
  }

  /**
   * Claims the slot, records the run and hands it to a worker. Returns null when the run did not
   * start (claimed elsewhere or a backend failed). Caller holds the runtime's monitor.
   */
  RunExecution startRun(
      ScheduleRuntime runtime, Instant slot, Trigger trigger, int attempt, Instant now) {
    ScheduleDefinition definition = runtime.definition;
    SlotLock lock = null;
    if (trigger != Trigger.MANUAL) {
      Optional<SlotLock> claimed;
      try {
        claimed =
            locks.tryClaim(
                new SlotClaim(
                    runtime.name, slot, attempt, config.instanceId(), tombstone(definition)));
      } catch (RuntimeException e) {
        backendError(locks.name(), "claim", e);
        resumeLater(runtime, slot, trigger, attempt, "lock backend: " + e.getMessage());
        return null;
      }
      boolean won = claimed.isPresent();
      safely(() -> listener.onClaim(runtime.name, slot, won));
      if (!won) {
        log.debug("schedule '{}': slot {} claimed by another instance", runtime.name, slot);
        safely(
            () ->
                listener.onSlotSkipped(
                    runtime.name,
                    slot,
                    SkipReason.CLAIMED_ELSEWHERE,
                    "claimed by another instance"));
        return null;
      }
      lock = claimed.get();
    }
    String runId = UUID.randomUUID().toString();
    ExecutionRecord record =
        ExecutionRecord.running(
            runId, runtime.name, slot, now, attempt, trigger, config.instanceId());
    try {
      if (!store.insertRun(record)) {
        release(lock);
        log.debug(
            "schedule '{}': slot {} attempt {} already recorded", runtime.name, slot, attempt);
        safely(
            () ->
                listener.onSlotSkipped(
                    runtime.name,
                    slot,
                    SkipReason.CLAIMED_ELSEWHERE,
                    "already recorded in the store"));
        return null;
      }
      backendHealth.succeeded();
    } catch (RuntimeException e) {
      release(lock);
      backendError(store.name(), "insertRun", e);
      resumeLater(runtime, slot, trigger, attempt, "store: " + e.getMessage());
      return null;
    }
    runtime.resumeDelay = null;
    RunContext context =
        new RunContext(
            runtime.name, runId, slot, attempt, trigger, config.outputLimitBytes(), lock);
    RunExecution run =
        new RunExecution(
            this, runtime, record, definition.job(), context, lock, definition.policy().timeout());
    runtime.inFlight++;
    activeRuns.put(runId, run);
    pool.submit(run);
    return run;
  }

  /**
   * The store or lock backend failed, so the slot could not be claimed: try again after a backoff
   * (1 s doubling to 30 s). Only the latest such slot of a schedule is kept. When the backend is
   * back and the slot is by then older than the misfire grace, the misfire policy decides.
   */
  private void resumeLater(
      ScheduleRuntime runtime, Instant slot, Trigger trigger, int attempt, String cause) {
    if (trigger == Trigger.MANUAL || !running) {
      return;
    }
    Duration delay =
        runtime.resumeDelay == null
            ? RESUME_FIRST_DELAY
            : runtime.resumeDelay.multipliedBy(2).compareTo(RESUME_MAX_DELAY) > 0
                ? RESUME_MAX_DELAY
                : runtime.resumeDelay.multipliedBy(2);
    runtime.resumeDelay = delay;
    runtime.pendingResume = slot;
    Instant at = clock.instant().plus(delay);
    timetable.add(TimerQueue.Kind.RESUME, at, runtime, runtime.generation, slot, attempt, trigger);
    skipped(
        runtime,
        slot,
        SkipReason.BACKEND_UNAVAILABLE,
        cause + "; the claim is tried again at " + at);
  }

  private void resume(ScheduleRuntime runtime, TimerQueue.Entry entry, Instant now) {
    if (!entry.slot().equals(runtime.pendingResume)) {
      return;
    }
    runtime.pendingResume = null;
    boolean missed = entry.slot().isBefore(now.minus(config.misfireGrace()));
    if (!missed) {
      startRun(runtime, entry.slot(), entry.trigger(), entry.attempt(), now);
    } else if (runtime.definition.policy().misfire() == MisfirePolicy.SKIP) {
      skipped(runtime, entry.slot(), SkipReason.MISFIRE, "missed while the backend was down");
    } else {
      startRun(runtime, entry.slot(), Trigger.CATCH_UP, entry.attempt(), now);
    }
  }

  private static Duration tombstone(ScheduleDefinition definition) {
    Duration period = definition.timing().period();
    return period.compareTo(MIN_TOMBSTONE) > 0 ? period : MIN_TOMBSTONE;
  }

  // ---- run callbacks (worker and watchdog threads) ----

  void runStarted(RunExecution run, Duration lateness) {
    safely(() -> listener.onRunStarted(run.record(), lateness));
  }

  void runFinished(RunExecution run, ExecutionRecord record) {
    try {
      store.updateRun(record);
    } catch (RuntimeException e) {
      backendError(store.name(), "updateRun", e);
    }
    if (run.lock != null && run.lock.isLost()) {
      leaseLost(record);
    }
    release(run.lock);
    stats.record(record);
    logOutcome(record);
    safely(
        () -> {
          if (record.success()) {
            listener.onRunSucceeded(record);
          } else {
            listener.onRunFailed(record);
          }
        });
    ScheduleRuntime runtime = run.runtime;
    synchronized (runtime) {
      runtime.inFlight--;
      runtime.lastRun = record;
      scheduleRetryIfDue(runtime, record);
      startWaitingRun(runtime);
    }
    activeRuns.remove(record.runId());
    synchronized (idle) {
      idle.notifyAll();
    }
    run.result.complete(record);
  }

  private void logOutcome(ExecutionRecord record) {
    if (record.success()) {
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
    boolean retryable =
        record.status() == ExecutionStatus.FAILED
            || record.status() == ExecutionStatus.TIMED_OUT
            || record.status() == ExecutionStatus.ABANDONED;
    RunPolicy policy = runtime.definition.policy();
    if (!retryable
        || record.attempt() > policy.maxRetries()
        || !running
        || !runtime.enabled
        || !registry.isCurrent(runtime)) {
      return;
    }
    Instant at = clock.instant().plus(policy.retryDelay(record.attempt()));
    timetable.add(
        TimerQueue.Kind.RETRY,
        at,
        runtime,
        runtime.generation,
        record.scheduledTime(),
        record.attempt() + 1,
        Trigger.RETRY);
    log.info(
        "schedule '{}': attempt {} will be retried at {}", runtime.name, record.attempt() + 1, at);
    safely(() -> listener.onRetryScheduled(record, at));
  }

  private void startWaitingRun(ScheduleRuntime runtime) {
    if (!running || runtime.inFlight > 0 || !runtime.enabled || !registry.isCurrent(runtime)) {
      return;
    }
    Instant now = clock.instant();
    if (!runtime.backlog.isEmpty()) {
      startRun(runtime, runtime.backlog.poll(), Trigger.CATCH_UP, 1, now);
    } else if (runtime.queuedSlot != null) {
      Instant slot = runtime.queuedSlot;
      runtime.queuedSlot = null;
      dispatch(runtime, slot, Trigger.SCHEDULED, now);
    }
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
    safely(() -> listener.onRunFailed(abandoned));
    registry
        .current(stale.scheduleName())
        .ifPresent(
            runtime -> {
              synchronized (runtime) {
                scheduleRetryIfDue(runtime, abandoned);
              }
            });
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
    if (!running) {
      throw new SchedulerException(
          "schedule '" + runtime.name + "': the scheduler is not running; call start() first");
    }
    RunExecution run;
    synchronized (runtime) {
      Instant now = clock.instant();
      run = startRun(runtime, now, Trigger.MANUAL, 1, now);
    }
    if (run == null) {
      return CompletableFuture.failedFuture(
          new SchedulerException(
              "schedule '"
                  + runtime.name
                  + "': the run could not be recorded; see health details"));
    }
    return run.result.copy();
  }

  /** Asks a running (or waiting) run to stop; false when no such run is in flight here. */
  public boolean cancel(String runId) {
    RunExecution run = activeRuns.get(runId);
    if (run == null) {
      return false;
    }
    WorkerPool workers = pool;
    if (workers != null && workers.removeWaiting(run)) {
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

  private static void release(SlotLock lock) {
    if (lock != null) {
      try {
        lock.release();
      } catch (RuntimeException e) {
        log.warn("releasing a slot lock failed", e);
      }
    }
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
    safely(() -> listener.onLeaseLost(record.scheduleName(), record.runId()));
  }

  void backendError(String backend, String operation, RuntimeException error) {
    log.error("pipeline-scheduler: {} {} failed: {}", backend, operation, error.toString());
    backendHealth.failed(backend, operation, error, clock.instant());
    safely(() -> listener.onBackendError(backend, operation, error));
  }

  private static void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("a scheduler listener failed; ignored", e);
    }
  }
}
