package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims slots and records their runs, for either {@link ClaimPath}: first the {@link Fence} (the
 * lock backend, or nothing where the store's insert alone is the claim), then one store call that
 * inserts the QUEUED runs (the final fence: at most one run per schedule, slot and attempt). A
 * failed call keeps the slots for another try (see {@link ClaimRetries}).
 */
final class SlotClaims {
  private static final Logger log = LoggerFactory.getLogger(SlotClaims.class);

  /** What claims a slot before the store records its run. */
  interface Fence {
    /**
     * Claims the non-manual requests' slots: fills {@code held} with the locks won and clears
     * {@code going} for the slots lost or not claimed (backend failure).
     */
    void claim(List<ClaimRequest> requests, SlotLock[] held, boolean[] going);

    /** The store answered the request's insert ({@code inserted}: this instance recorded it). */
    void recorded(ClaimRequest request, boolean inserted);

    /** The store failed to record a request whose slot this instance had claimed. */
    void notRecorded(ClaimRequest request, SlotLock claimed);
  }

  /** The store's insert alone is the claim (in memory): told to listeners as the claim. */
  static Fence storeOnly(SchedulerListener listener) {
    return new Fence() {
      @Override
      public void claim(List<ClaimRequest> requests, SlotLock[] held, boolean[] going) {}

      @Override
      public void recorded(ClaimRequest request, boolean inserted) {
        if (request.trigger() != Trigger.MANUAL) {
          listener.onClaim(request.runtime().name(), request.slot(), inserted);
        }
      }

      @Override
      public void notRecorded(ClaimRequest request, SlotLock claimed) {}
    };
  }

  private final SchedulerConfig config;
  private final Clock clock;
  private final ScheduleStore store;
  private final SchedulerListener listener;
  private final Fence fence;
  private final ClaimRetries retries;
  private final BackendErrors errors;
  private final BackendHealth health;
  private final RunsInFlight inFlight;
  private final WaitingRuns waiting;

  SlotClaims(
      SchedulerConfig config,
      ScheduleStore store,
      SchedulerListener listener,
      Fence fence,
      ClaimRetries retries,
      BackendErrors errors,
      BackendHealth health,
      RunsInFlight inFlight,
      WaitingRuns waiting) {
    this.config = config;
    this.clock = config.clock();
    this.store = store;
    this.listener = listener;
    this.fence = fence;
    this.retries = retries;
    this.errors = errors;
    this.health = health;
    this.inFlight = inFlight;
    this.waiting = waiting;
  }

  /**
   * Claims and records the slots, then hands each run that won to {@code start}; a slot that did
   * not win stops counting as in flight, and a slot waiting behind it may start.
   */
  void claimThen(List<ClaimRequest> requests, BiConsumer<RunExecution, ClaimRequest> start) {
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
          runtime.end(null);
          waiting.startWaiting(runtime);
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
   * Claims the slots (the fence) and records the runs that won (one store call). One result per
   * request, in order: the run to start, or null when it did not start.
   */
  List<RunExecution> claimAndRecord(List<ClaimRequest> requests) {
    int n = requests.size();
    SlotLock[] held = new SlotLock[n];
    boolean[] going = new boolean[n];
    Arrays.fill(going, true);
    fence.claim(requests, held, going);
    List<Integer> recording = new ArrayList<>(n);
    List<ExecutionRecord> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (going[i]) {
        ClaimRequest r = requests.get(i);
        recording.add(i);
        records.add(
            ExecutionRecord.queued(
                newRunId(),
                r.runtime().name(),
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
    for (ExecutionRecord record : records) {
      inFlight.recording(record.runId()); // listed as QUEUED from the insert on: cancellable
    }
    boolean handedBack = false;
    try {
      recordClaimed(requests, held, recording, records, runs);
      handedBack = true;
    } finally {
      // A run not handed back (not inserted, the store failed, or an Error) never comes in flight.
      for (int k = 0; k < recording.size(); k++) {
        if (!handedBack || runs[recording.get(k)] == null) {
          inFlight.notRecorded(records.get(k).runId());
        }
      }
    }
    return Arrays.asList(runs);
  }

  /**
   * Inserts the QUEUED {@code records} of the requests at {@code recording} (one store call) and
   * fills {@code runs} with the runs that won; a failed call keeps their slots for another try.
   */
  private void recordClaimed(
      List<ClaimRequest> requests,
      SlotLock[] held,
      List<Integer> recording,
      List<ExecutionRecord> records,
      RunExecution[] runs) {
    List<Boolean> inserted;
    long claimNanos = System.nanoTime(); // no earlier than the claim instants being written
    try {
      inserted = store.insertRuns(records);
      requireOneAnswerEach("store '" + store.name() + "'", inserted, records, "records");
      health.succeeded();
    } catch (RuntimeException e) {
      errors.failed(store.name(), "insertRun", e);
      for (int i : recording) {
        RunCompletion.release(held[i]);
        fence.notRecorded(requests.get(i), held[i]);
        retries.resumeLater(requests.get(i), "store: " + e.getMessage());
      }
      return;
    }
    for (int k = 0; k < recording.size(); k++) {
      int i = recording.get(k);
      ClaimRequest r = requests.get(i);
      fence.recorded(r, inserted.get(k));
      if (!inserted.get(k)) {
        RunCompletion.release(held[i]);
        log.debug(
            "schedule '{}': slot {} attempt {} already recorded",
            r.runtime().name(),
            r.slot(),
            r.attempt());
        listener.onSlotSkipped(
            r.runtime().name(),
            r.slot(),
            SkipReason.CLAIMED_ELSEWHERE,
            "already recorded in the store");
        continue;
      }
      runs[i] = newRun(r, records.get(k), held[i]);
      runs[i].claimStamp = new RunExecution.ClaimStamp(records.get(k).startedAt(), claimNanos);
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
            null,
            0);
    RunExecution run = newRun(request, record, null);
    run.claimStamp = stamp;
    return run;
  }

  private RunExecution newRun(ClaimRequest request, ExecutionRecord record, SlotLock lock) {
    ScheduleRuntime runtime = request.runtime();
    ScheduleDefinition definition;
    synchronized (runtime) {
      runtime.claimSucceeded(request.slot(), clock.instant());
      definition = runtime.definition();
    }
    retries.claimSucceeded(); // the backends answer again: no schedule waits for its next try
    RunContext context =
        new RunContext(
            runtime.name(),
            record.runId(),
            request.slot(),
            request.attempt(),
            request.trigger(),
            config.outputLimitBytes(),
            lock);
    return new RunExecution(inFlight, runtime, record, definition, context, lock);
  }

  /** A store or backend that answers a batch must answer each item once, in order. */
  static void requireOneAnswerEach(String who, List<?> answers, List<?> asked, String what) {
    if (answers.size() != asked.size()) {
      throw new SchedulerException(
          who + " answered " + answers.size() + " results to " + asked.size() + " " + what);
    }
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: run ids need to be unique, not
   * unguessable, and {@link UUID#randomUUID()} goes through a shared {@code SecureRandom}.
   */
  static String newRunId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
