package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The claim path in memory (persistence and {@code distributed} off): a claim and a record are map
 * updates, so the worker that runs a due slot claims and records it first, and a burst of due slots
 * is claimed by every worker at once while the timer thread only applies the slot rules. The
 * in-memory store's insert alone is the claim ({@link SlotClaims#storeOnly}): store and {@code
 * local} backend are maps of this process with the same lifetime, and the store already records at
 * most one run per schedule, slot and attempt; a second claim would guard nothing more.
 */
final class WorkerClaims implements ClaimPath {
  private final SlotClaims claims;
  private final RunsInFlight runs;
  private final EngineTime time;
  private final Duration lead;
  private final BooleanSupplier running;

  WorkerClaims(SlotClaims claims, RunsInFlight runs, EngineTime time, BooleanSupplier running) {
    this.claims = claims;
    this.lead = time.workerLead();
    this.runs = runs;
    this.time = time;
    this.running = running;
  }

  @Override
  public Duration claimAhead() {
    return lead;
  }

  @Override
  public void start() {}

  @Override
  public void claim(ClaimRequest request) {
    time.handOff(1);
    ClaimAndRun task = new ClaimAndRun(request);
    try {
      runs.submit(task);
    } catch (RejectedExecutionException e) {
      // Stopping: the pool takes no more tasks. The slot has moved on, so it is claimed and
      // recorded, and ends CANCELLED (which also stops counting it as in flight).
      task.cancel();
    }
  }

  @Override
  public RunExecution claimNow(ClaimRequest request) {
    return claims.claimAndRecord(List.of(request)).get(0);
  }

  @Override
  public void stop() {}

  @Override
  public boolean cancelUnstarted(Runnable waiting) {
    if (waiting instanceof ClaimAndRun slot) {
      slot.cancel();
      return true;
    }
    return false;
  }

  /** A due slot that the worker running this task claims, records and then runs. */
  private final class ClaimAndRun implements Runnable {
    private final ClaimRequest request;
    private boolean handedOn; // confined to the thread that runs or cancels the task

    ClaimAndRun(ClaimRequest request) {
      this.request = request;
    }

    @Override
    public void run() {
      if (!running.getAsBoolean()) {
        cancel(); // taken from the queue while the scheduler stops
        return;
      }
      try {
        claims.claimThen(
            List.of(request),
            (run, r) -> {
              // Before it counts as in flight, so that a cancel from then on ends it unstarted.
              run.waitingForSlot = r.startAt() != null;
              boolean going = runs.track(run);
              handedOn();
              if (!going) {
                return; // cancelled while its record was being written
              }
              if (r.startAt() == null) {
                run.run();
              } else {
                runAtSlot(run, r);
              }
            });
      } finally {
        handedOn();
      }
    }

    /**
     * A slot handed over ahead of time ({@link EngineTime#workerLead()}), claimed and recorded:
     * this worker waits for the slot, then runs it here unless its schedule changed meanwhile.
     */
    private void runAtSlot(RunExecution run, ClaimRequest claimed) {
      boolean slotCame;
      try {
        // At most three leads: a worker is never held much longer than the lead.
        slotCame = runs.awaitSlot(claimed.startAt(), lead.multipliedBy(3));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        // A stop ends a waiting run before it interrupts the workers; else (never expected) the
        // timetable starts it at its slot.
        slotCame = !running.getAsBoolean();
      }
      if (run.isFinished()) {
        return; // cancelled, or ended by a stop, while it waited
      }
      if (!slotCame) {
        // The clock is still before the slot (set back, or not the system's): the timetable
        // starts the run when the clock reaches it, and this worker is free meanwhile.
        runs.launchAt(run, claimed.startAt(), claimed.generation());
        return;
      }
      runs.startAtSlot(run, claimed.generation(), RunExecution::run);
    }

    /**
     * The scheduler stopped before a worker took this task: the slot has moved on, so it is claimed
     * and recorded, and ends CANCELLED like a run that waited for a worker.
     */
    void cancel() {
      try {
        claims.claimThen(
            List.of(request),
            (run, r) ->
                run.abandon(ExecutionStatus.CANCELLED, "scheduler stopped before the run started"));
      } finally {
        handedOn();
      }
    }

    /** The claim is made: the run (if any) counts as in flight from here. */
    private void handedOn() {
      if (!handedOn) {
        handedOn = true;
        time.handOff(-1);
      }
    }
  }
}
