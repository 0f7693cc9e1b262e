package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.util.List;

/**
 * The claim path of a persistent store or a shared lock backend, where a claim and a record are
 * round trips: the claim thread takes the slots due meanwhile and claims them in one lock-backend
 * call and records them in one store call ({@link SlotClaims}), so that the timer thread only pops
 * due entries. Slots are claimed {@code claimAhead} before they come due, and runs' starts and ends
 * are written in batches on the record thread.
 */
final class BatchedClaims implements ClaimPath {
  /**
   * The most slots claimed, or runs recorded, in one store call: large enough that a burst costs
   * few transactions, small enough that one batch's statements stay quick.
   */
  private static final int MAX_BATCH = 500;

  private final Duration claimAhead;
  private final SlotClaims claims;
  private final RunLauncher launcher;
  private final RunCompletion completion;
  private final EngineTime time;
  private final PendingClaims pending;
  private volatile BatchQueue<ClaimRequest> queue;

  BatchedClaims(
      Duration claimAhead,
      SlotClaims claims,
      RunLauncher launcher,
      RunCompletion completion,
      EngineTime time,
      PendingClaims pending) {
    this.claimAhead = claimAhead;
    this.claims = claims;
    this.launcher = launcher;
    this.completion = completion;
    this.time = time;
    this.pending = pending;
  }

  @Override
  public Duration claimAhead() {
    return claimAhead;
  }

  @Override
  public void start() {
    queue = new BatchQueue<>("pipeline-scheduler-claims", MAX_BATCH, this::claimQueued);
    completion.writeInBatches();
  }

  @Override
  public void claim(ClaimRequest request) {
    time.handOff(1);
    pending.added(1);
    BatchQueue<ClaimRequest> claimQueue = queue;
    if (claimQueue == null || !claimQueue.add(request)) {
      pending.done(1);
      time.handOff(-1);
      request.runtime().end(null); // stopping
    }
  }

  /** Claims and records a batch of due slots, then hands their runs on (claim thread). */
  private void claimQueued(List<ClaimRequest> requests) {
    try {
      claims.claimThen(
          requests,
          (run, request) -> launcher.launchAt(run, request.startAt(), request.generation()));
    } finally {
      pending.done(requests.size());
      time.handOff(-requests.size());
    }
  }

  @Override
  public RunExecution claimNow(ClaimRequest request) {
    return claims.claimAndRecord(List.of(request)).get(0);
  }

  @Override
  public void stop() {
    BatchQueue<ClaimRequest> claimQueue = queue;
    if (claimQueue != null) {
      claimQueue.close();
      queue = null;
    }
  }

  @Override
  public boolean cancelUnstarted(Runnable waiting) {
    return false; // only runs wait for a worker on this path
  }
}
