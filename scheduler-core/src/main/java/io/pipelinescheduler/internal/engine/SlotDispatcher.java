package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.time.Timing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a slot comes due: the misfire rule for late slots, the overlap policy,
 * dependencies, then the claim (lock backend), the record (store, the final fence) and the
 * hand-over to a worker. A claim that fails on a backend error is tried again with backoff. The
 * slot rules run on the timer thread with the runtime's monitor held; with a persistent store or a
 * shared lock backend (see {@code SchedulerEngine.claimsInBatches}) the claims and records of the
 * slots due meanwhile are then made together on the claim thread, in one lock-backend call and one
 * store call, which takes each runtime's monitor only to update it.
 */
final class SlotDispatcher {
  private static final Logger log = LoggerFactory.getLogger(SlotDispatcher.class);
  private static final Duration MIN_TOMBSTONE = Duration.ofMinutes(5);
  private static final Duration RESUME_FIRST_DELAY = Duration.ofSeconds(1);
  private static final Duration RESUME_MAX_DELAY = Duration.ofSeconds(5);

  /**
   * How long before its tombstone ends a claim whose record failed stops counting as this
   * instance's (see {@link UnrecordedClaims}): room for clocks that differ between instances.
   */
  private static final Duration UNRECORDED_MARGIN = Duration.ofMinutes(1);

  private final SchedulerEngine engine;
  private final SchedulerConfig config;
  private final Clock clock;
  private final ScheduleStore store;
  private final LockBackend locks;
  private final SchedulerListener listener;
  private final ScheduleRegistry registry;
  private final TimerQueue timetable;
  private final BackendHealth backendHealth;

  /** Schedules with slots waiting for the backend to come back: resumed when any claim succeeds. */
  private final Set<ScheduleRuntime> waiting = ConcurrentHashMap.newKeySet();

  private final UnrecordedClaims unrecorded = new UnrecordedClaims();

  SlotDispatcher(
      SchedulerEngine engine,
      SchedulerConfig config,
      ScheduleStore store,
      LockBackend locks,
      SchedulerListener listener,
      ScheduleRegistry registry,
      TimerQueue timetable,
      BackendHealth backendHealth) {
    this.engine = engine;
    this.config = config;
    this.clock = config.clock();
    this.store = store;
    this.locks = locks;
    this.listener = listener;
    this.registry = registry;
    this.timetable = timetable;
    this.backendHealth = backendHealth;
  }

  void fireSlot(ScheduleRuntime runtime, Instant slot, Instant now) {
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
    listener.onMisfire(runtime.name, missed.count(), policy);
    misfire(runtime, missed, policy, now);
  }

  /** Applies the misfire policy to missed slots (already reported). */
  private void misfire(
      ScheduleRuntime runtime, MissedSlots missed, MisfirePolicy policy, Instant now) {
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

  /**
   * The slot comes due within {@code claimAhead}: claim and record it now, to start at the slot,
   * when nothing can change the decision until then (no run in flight, nothing waiting, no
   * dependencies); otherwise wait for the slot itself.
   */
  void fireSlotAhead(ScheduleRuntime runtime, Instant slot, Instant now) {
    if (runtime.inFlight > 0
        || runtime.queuedSlot != null
        || runtime.pendingResume != null
        || !runtime.backlog.isEmpty()
        || !runtime.definition.dependsOn().isEmpty()) {
      timetable.add(
          timetable.entry(
              TimerQueue.Kind.SLOT, slot, runtime, runtime.generation, slot, 1, Trigger.SCHEDULED));
      return;
    }
    moveOn(runtime, slot, runtime.definition.timing().nextAfter(slot).orElse(null));
    runtime.previousRunStart = slot;
    runtime.inFlight++;
    if (!engine.queueClaim(new ClaimRequest(runtime, slot, Trigger.SCHEDULED, 1, now, slot))) {
      runtime.inFlight--; // stopping
    }
  }

  /** Records {@code last} as fired and puts {@code next} on the timetable. */
  private void moveOn(ScheduleRuntime runtime, Instant last, Instant next) {
    runtime.lastSlot = last;
    runtime.nextSlot = next;
    if (next != null) {
      engine.addSlot(runtime, next);
    }
    engine.slotsFired(runtime.name, last, next);
  }

  /** Runs a due slot unless the overlap policy or a dependency says otherwise. */
  void dispatch(ScheduleRuntime runtime, Instant slot, Trigger trigger, Instant now) {
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
    listener.onSlotSkipped(runtime.name, slot, reason, detail);
  }

  /**
   * A due slot waiting for its claim and record; {@code startAt} is the slot when it is claimed
   * ahead (the run starts then), else null (at once).
   */
  record ClaimRequest(
      ScheduleRuntime runtime,
      Instant slot,
      Trigger trigger,
      int attempt,
      Instant now,
      Instant startAt) {}

  /**
   * Claims the slot, records the run and hands it to a worker. Returns null when the run did not
   * start (claimed elsewhere or a backend failed), or when it was queued for the claim thread or a
   * worker. Caller holds the runtime's monitor.
   */
  RunExecution startRun(
      ScheduleRuntime runtime, Instant slot, Trigger trigger, int attempt, Instant now) {
    ClaimRequest request = new ClaimRequest(runtime, slot, trigger, attempt, now, null);
    if (trigger != Trigger.MANUAL && engine.claimsInBatches()) {
      // The claim and the record are store and lock-backend round trips: the claim thread makes
      // them for every slot that came due meanwhile at once, so that the timer thread only pops
      // due entries. The slot counts as in flight meanwhile.
      runtime.inFlight++;
      if (!engine.queueClaim(request)) {
        runtime.inFlight--; // stopping
      }
      return null;
    }
    if (trigger != Trigger.MANUAL && engine.claimsOnWorkers()) {
      // In memory a claim and a record are map updates: the worker that runs the slot makes them,
      // so that the timer thread only applies the slot rules. The slot counts as in flight
      // meanwhile.
      runtime.inFlight++;
      ClaimAndRun task = new ClaimAndRun(request);
      try {
        engine.submit(task);
      } catch (RejectedExecutionException e) {
        // Stopping: the pool takes no more tasks. The slot has moved on, so it is claimed and
        // recorded, and ends CANCELLED (which also stops counting it as in flight).
        task.cancel();
      }
      return null;
    }
    // Manual runs return their record; under a settable clock every due run is claimed before the
    // clock's advance returns.
    RunExecution run = claimAndRecord(List.of(request)).get(0);
    if (run != null) {
      runtime.inFlight++;
      engine.launch(run);
    }
    return run;
  }

  /** A due slot that the worker running this task claims, records and then runs (in memory). */
  final class ClaimAndRun implements Runnable {
    private final ClaimRequest request;

    ClaimAndRun(ClaimRequest request) {
      this.request = request;
    }

    @Override
    public void run() {
      if (!engine.isRunning()) {
        cancel(); // taken from the queue while the scheduler stops
        return;
      }
      claimThen(List.of(request), (run, r) -> engine.runHere(run));
    }

    /**
     * The scheduler stopped before a worker took this task: the slot has moved on, so it is claimed
     * and recorded, and ends CANCELLED like a run that waited for a worker.
     */
    void cancel() {
      claimThen(
          List.of(request),
          (run, r) ->
              run.abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started"));
    }
  }

  /**
   * Claims and records slots queued by {@link #startRun}, then starts their runs (claim thread).
   */
  void claimQueued(List<ClaimRequest> requests) {
    claimThen(requests, (run, request) -> engine.launchAt(run, request.startAt()));
  }

  /**
   * Claims and records the slots, then hands each run that won to {@code start}; a slot that did
   * not win stops counting as in flight.
   */
  private void claimThen(
      List<ClaimRequest> requests, BiConsumer<RunExecution, ClaimRequest> start) {
    List<RunExecution> runs;
    try {
      runs = claimAndRecord(requests);
    } catch (RuntimeException | Error e) {
      // Not a backend failure (those are handled inside): a bug or a listener's Error. The slots
      // of this batch do not start; they must not stay counted as in flight.
      log.error("pipeline-scheduler: claiming {} slot(s) failed", requests.size(), e);
      runs = Arrays.asList(new RunExecution[requests.size()]);
    }
    for (int i = 0; i < requests.size(); i++) {
      RunExecution run = runs.get(i);
      try {
        if (run != null) {
          start.accept(run, requests.get(i));
          continue;
        }
        ScheduleRuntime runtime = requests.get(i).runtime();
        synchronized (runtime) {
          runtime.inFlight--;
          engine.startWaitingRun(runtime);
        }
      } catch (RuntimeException | Error e) {
        log.error("pipeline-scheduler: starting run {} failed", run == null ? "-" : run.runId(), e);
        if (run != null) {
          run.abandon(ExecutionStatus.CANCELLED, "could not be started: " + e);
        }
      }
    }
  }

  /**
   * Claims the slots (one lock-backend call; none in memory, where the store's insert is the claim,
   * see {@code SchedulerEngine.claimsInStoreOnly}) and records the runs that won (one store call).
   * One result per request, in order: the run to start, or null when it did not start.
   */
  private List<RunExecution> claimAndRecord(List<ClaimRequest> requests) {
    int n = requests.size();
    SlotLock[] held = new SlotLock[n];
    boolean[] going = new boolean[n];
    Arrays.fill(going, true);
    claimAll(requests, held, going);
    List<Integer> recording = new ArrayList<>(n);
    List<ExecutionRecord> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (going[i]) {
        ClaimRequest r = requests.get(i);
        recording.add(i);
        records.add(
            ExecutionRecord.queued(
                newRunId(),
                r.runtime().name,
                r.slot(),
                r.now(),
                r.attempt(),
                r.trigger(),
                config.instanceId()));
      }
    }
    RunExecution[] runs = new RunExecution[n];
    if (records.isEmpty()) {
      return Arrays.asList(runs);
    }
    List<Boolean> inserted;
    long claimNanos = System.nanoTime(); // no earlier than the claim instants being written
    try {
      inserted = store.insertRuns(records);
      requireOneAnswerEach("store '" + store.name() + "'", inserted, records, "records");
      backendHealth.succeeded();
    } catch (RuntimeException e) {
      engine.backendError(store.name(), "insertRun", e);
      for (int i : recording) {
        RunCompletion.release(held[i]);
        rememberUnrecorded(requests.get(i), held[i]);
        resumeLater(requests.get(i), "store: " + e.getMessage());
      }
      return Arrays.asList(runs);
    }
    for (int k = 0; k < recording.size(); k++) {
      int i = recording.get(k);
      ClaimRequest r = requests.get(i);
      ScheduleRuntime runtime = r.runtime();
      unrecorded.forget(runtime.name, r.slot(), r.attempt());
      if (engine.claimsInStoreOnly() && r.trigger() != Trigger.MANUAL) {
        listener.onClaim(runtime.name, r.slot(), inserted.get(k));
      }
      if (!inserted.get(k)) {
        RunCompletion.release(held[i]);
        log.debug(
            "schedule '{}': slot {} attempt {} already recorded",
            runtime.name,
            r.slot(),
            r.attempt());
        listener.onSlotSkipped(
            runtime.name, r.slot(), SkipReason.CLAIMED_ELSEWHERE, "already recorded in the store");
        continue;
      }
      runs[i] = newRun(r, records.get(k), held[i]);
      runs[i].claimStamp = new RunExecution.ClaimStamp(records.get(k).startedAt(), claimNanos);
    }
    return Arrays.asList(runs);
  }

  /**
   * Claims the non-manual requests' slots in one lock-backend call: fills {@code held} with the won
   * locks and clears {@code going} for the slots lost or not claimed (backend failure).
   */
  private void claimAll(List<ClaimRequest> requests, SlotLock[] held, boolean[] going) {
    if (engine.claimsInStoreOnly()) {
      return; // the store's insert is the claim, see claimAndRecord
    }
    List<Integer> claiming = new ArrayList<>(requests.size());
    List<SlotClaim> claims = new ArrayList<>(requests.size());
    Instant now = clock.instant();
    for (int i = 0; i < requests.size(); i++) {
      ClaimRequest r = requests.get(i);
      if (r.trigger() != Trigger.MANUAL
          && !unrecorded.holds(r.runtime().name, r.slot(), r.attempt(), now)) {
        claiming.add(i);
        claims.add(
            new SlotClaim(
                r.runtime().name,
                r.slot(),
                r.attempt(),
                config.instanceId(),
                tombstone(r.runtime().definition)));
      }
    }
    if (claims.isEmpty()) {
      return;
    }
    List<Optional<SlotLock>> claimed;
    try {
      claimed = locks.tryClaimAll(claims);
      requireOneAnswerEach("lock backend '" + locks.name() + "'", claimed, claims, "claims");
    } catch (RuntimeException e) {
      engine.backendError(locks.name(), "claim", e);
      for (int i : claiming) {
        going[i] = false;
        resumeLater(requests.get(i), "lock backend: " + e.getMessage());
      }
      return;
    }
    for (int k = 0; k < claiming.size(); k++) {
      int i = claiming.get(k);
      ClaimRequest r = requests.get(i);
      boolean won = claimed.get(k).isPresent();
      listener.onClaim(r.runtime().name, r.slot(), won);
      if (won) {
        held[i] = claimed.get(k).get();
      } else {
        going[i] = false;
        log.debug("schedule '{}': slot {} claimed by another instance", r.runtime().name, r.slot());
        listener.onSlotSkipped(
            r.runtime().name,
            r.slot(),
            SkipReason.CLAIMED_ELSEWHERE,
            "claimed by another instance");
      }
    }
  }

  /**
   * A run QUEUED by an instance that died (or by this one before a restart), taken over in the
   * store by this instance: it runs as the same slot and attempt, without a slot lock (the store's
   * conditional take-over let exactly one instance have it).
   */
  RunExecution takenOver(
      ScheduleRuntime runtime, ExecutionRecord record, RunExecution.ClaimStamp stamp) {
    ClaimRequest request =
        new ClaimRequest(
            runtime,
            record.scheduledTime(),
            record.trigger(),
            record.attempt(),
            record.startedAt(),
            null);
    RunExecution run = newRun(request, record, null);
    run.claimStamp = stamp;
    return run;
  }

  private RunExecution newRun(ClaimRequest request, ExecutionRecord record, SlotLock lock) {
    ScheduleRuntime runtime = request.runtime();
    ScheduleDefinition definition;
    synchronized (runtime) {
      runtime.resumeDelay = null;
      definition = runtime.definition;
      if (runtime.caughtUpAt != null && request.slot().equals(runtime.catchUpSlot)) {
        runtime.caughtUpAt = clock.instant(); // it covers every slot missed until it starts
        runtime.coveredSlot = null;
      }
    }
    if (!waiting.isEmpty()) {
      resumeWaiting(); // the backends answer again: no schedule waits for its own next try
    }
    RunContext context =
        new RunContext(
            runtime.name,
            record.runId(),
            request.slot(),
            request.attempt(),
            request.trigger(),
            config.outputLimitBytes(),
            lock);
    return new RunExecution(engine, runtime, record, definition, context, lock);
  }

  private void resumeLater(ClaimRequest request, String cause) {
    ScheduleRuntime runtime = request.runtime();
    synchronized (runtime) {
      resumeLater(runtime, request.slot(), request.trigger(), request.attempt(), cause);
    }
  }

  /**
   * The store or lock backend failed, so the slot could not be claimed or recorded: it is kept
   * (bounded, see {@link UnclaimedSlots}) and every kept slot of the schedule is tried again
   * together after a backoff of 1 s doubling to 5 s, or at once when any claim succeeds meanwhile.
   * A retry attempt is put back on the timetable after the same backoff.
   */
  private void resumeLater(
      ScheduleRuntime runtime, Instant slot, Trigger trigger, int attempt, String cause) {
    if (trigger == Trigger.MANUAL || !engine.isRunning()) {
      return;
    }
    Instant covered = null;
    if (slot.equals(runtime.catchUpSlot) && runtime.caughtUpAt != null) {
      // The catch-up did not happen: the next one is for its slot and the slots it covered.
      runtime.caughtUpAt = null;
      covered = runtime.coveredSlot;
      runtime.coveredSlot = null;
    }
    Instant now = clock.instant();
    Instant at;
    if (trigger == Trigger.RETRY) {
      at = now.plus(nextResumeDelay(runtime));
      timetable.add(
          timetable.entry(
              TimerQueue.Kind.RETRY, at, runtime, runtime.generation, slot, attempt, trigger));
    } else {
      UnclaimedSlots unclaimed = runtime.pendingResume;
      if (unclaimed == null) {
        unclaimed = new UnclaimedSlots(now.plus(nextResumeDelay(runtime)));
        runtime.pendingResume = unclaimed;
        timetable.add(
            timetable.entry(
                TimerQueue.Kind.RESUME,
                unclaimed.resumeAt(),
                runtime,
                runtime.generation,
                slot,
                attempt,
                trigger));
        waiting.add(runtime);
      }
      Instant cutoff = now.minus(config.misfireGrace());
      unclaimed.add(slot, cutoff, kept(runtime));
      if (covered != null) {
        unclaimed.add(covered, cutoff, kept(runtime));
      }
      // FIRE_ALL's waiting catch-up slots could not be claimed either: they are kept with the
      // others, so that they are tried again together, oldest first.
      for (Instant waitingSlot : runtime.backlog) {
        unclaimed.add(waitingSlot, cutoff, kept(runtime));
      }
      runtime.backlog.clear();
      at = unclaimed.resumeAt();
    }
    skipped(
        runtime,
        slot,
        SkipReason.BACKEND_UNAVAILABLE,
        cause + "; the claim is tried again at " + at);
  }

  private static Duration nextResumeDelay(ScheduleRuntime runtime) {
    Duration delay =
        runtime.resumeDelay == null
            ? RESUME_FIRST_DELAY
            : runtime.resumeDelay.multipliedBy(2).compareTo(RESUME_MAX_DELAY) > 0
                ? RESUME_MAX_DELAY
                : runtime.resumeDelay.multipliedBy(2);
    runtime.resumeDelay = delay;
    return delay;
  }

  /** How many missed slots a schedule keeps one by one: FIRE_ALL's limit, else none. */
  private int kept(ScheduleRuntime runtime) {
    return runtime.definition.policy().misfire() == MisfirePolicy.FIRE_ALL
        ? config.fireAllLimit()
        : 0;
  }

  /**
   * The store failed to record a run whose claim this instance had won (and then released): the
   * next try records it without claiming, see {@link UnrecordedClaims}.
   */
  private void rememberUnrecorded(ClaimRequest request, SlotLock claimed) {
    if (claimed == null || request.trigger() == Trigger.MANUAL) {
      return;
    }
    ScheduleRuntime runtime = request.runtime();
    Instant now = clock.instant();
    Instant until = now.plus(tombstone(runtime.definition)).minus(UNRECORDED_MARGIN);
    if (!unrecorded.remember(runtime.name, request.slot(), request.attempt(), until, now)) {
      log.warn(
          "schedule '{}': slot {} cannot be remembered as claimed here ({} claims are); its next"
              + " try must claim it again",
          runtime.name,
          request.slot(),
          UnrecordedClaims.MAX);
    }
  }

  /** A claim succeeded: every schedule waiting for the backend tries its kept slots now. */
  private void resumeWaiting() {
    Instant now = clock.instant();
    List<TimerQueue.Entry> entries = new ArrayList<>();
    for (ScheduleRuntime runtime : waiting) {
      if (waiting.remove(runtime)) {
        // The generation is not read: resume() takes whatever the runtime keeps by then.
        entries.add(
            timetable.entry(TimerQueue.Kind.RESUME, now, runtime, 0, null, 1, Trigger.SCHEDULED));
      }
    }
    timetable.addAll(entries);
  }

  /**
   * Tries the kept slots again (timer thread, runtime's monitor held). A slot within the misfire
   * grace by now is only late: each is dispatched, oldest first, under the overlap policy (QUEUE:
   * the oldest runs and the others collapse into the newest, which runs after it; SKIP: the oldest
   * runs; ALLOW: each runs). Older slots follow the misfire policy, before the late ones.
   */
  void resume(ScheduleRuntime runtime, TimerQueue.Entry entry, Instant now) {
    UnclaimedSlots unclaimed = runtime.pendingResume;
    if (unclaimed == null) {
      return; // taken by an earlier entry, or dropped when the schedule changed
    }
    runtime.pendingResume = null;
    waiting.remove(runtime);
    MisfirePolicy policy = runtime.definition.policy().misfire();
    unclaimed.missBefore(now.minus(config.misfireGrace()), kept(runtime));
    MissedSlots missed = unclaimed.missed();
    if (missed.count() > 0
        && policy == MisfirePolicy.FIRE_ONCE
        && runtime.caughtUpAt != null
        && !missed.last().isAfter(runtime.caughtUpAt)) {
      // A catch-up sent since these slots were missed (its claim was still on its way when they
      // failed) already counts for them: FIRE_ONCE makes one catch-up run per outage.
      log.info(
          "schedule '{}': {} slot(s) up to {} missed while the store or lock backend failed are"
              + " covered by the catch-up run sent at {}",
          runtime.name,
          missed.count(),
          missed.last(),
          runtime.caughtUpAt);
      listener.onMisfire(runtime.name, missed.count(), policy);
      if (runtime.coveredSlot == null || missed.last().isAfter(runtime.coveredSlot)) {
        runtime.coveredSlot = missed.last();
      }
    } else if (missed.count() > 0) {
      if (policy == MisfirePolicy.FIRE_ONCE) {
        runtime.caughtUpAt = now;
        runtime.catchUpSlot = missed.last();
        runtime.coveredSlot = null;
      }
      log.warn(
          "schedule '{}': {} slot(s) up to {} could not be claimed within the misfire grace (the"
              + " store or lock backend failed); misfire policy {}",
          runtime.name,
          missed.count(),
          missed.last(),
          policy);
      listener.onMisfire(runtime.name, missed.count(), policy);
      misfire(runtime, missed, policy, now);
    }
    for (Instant slot : unclaimed.late()) {
      dispatch(runtime, slot, Trigger.SCHEDULED, now);
    }
  }

  /** A store or backend that answers a batch must answer each item once, in order. */
  private static void requireOneAnswerEach(
      String who, List<?> answers, List<?> asked, String what) {
    if (answers.size() != asked.size()) {
      throw new SchedulerException(
          who + " answered " + answers.size() + " results to " + asked.size() + " " + what);
    }
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: run ids need to be unique, not
   * unguessable, and {@link UUID#randomUUID()} goes through a shared {@code SecureRandom}.
   */
  private static String newRunId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static Duration tombstone(ScheduleDefinition definition) {
    Duration period = definition.timing().period();
    return period.compareTo(MIN_TOMBSTONE) > 0 ? period : MIN_TOMBSTONE;
  }
}
