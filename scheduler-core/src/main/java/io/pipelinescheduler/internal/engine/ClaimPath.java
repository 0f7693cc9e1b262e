package io.pipelinescheduler.internal.engine;

import java.time.Duration;

/**
 * Where and how a due slot is claimed and recorded before its run starts. Chosen once, in the
 * engine's constructor, from the configuration:
 *
 * <ul>
 *   <li>{@link BatchedClaims}: a persistent store or a shared lock backend, where a claim and a
 *       record are round trips. The claim thread claims the slots due meanwhile in one lock-backend
 *       call and records them in one store call; slots are claimed {@code claimAhead} early.
 *   <li>{@link WorkerClaims}: in memory (persistence and {@code distributed} off). The store's
 *       insert alone is the claim, made by the worker that then runs the slot.
 * </ul>
 *
 * Manual runs are claimed at once on the caller's thread, on every path.
 */
interface ClaimPath {
  /** How long before its slot a slot is claimed. */
  Duration claimAhead();

  /** Starts the path's threads (engine start). */
  void start();

  /**
   * Claims, records and starts a due slot later, on another thread. Timer thread (or a thread that
   * ended a run), runtime's monitor held; the slot already counts as in flight, and the path ends
   * it (see {@link ScheduleRuntime#end}) when it cannot be sent (stopping).
   */
  void claim(ClaimRequest request);

  /** Claims and records a run now, on this thread: the run, or null when it did not start. */
  RunExecution claimNow(ClaimRequest request);

  /**
   * Stops taking slots (engine stop): those already queued are claimed and recorded, then run like
   * the runs in flight, so none is lost without a trace.
   */
  void stop();

  /**
   * A task taken from the worker pool's queue at stop that is this path's: handled (ended
   * CANCELLED) and true, or false when it is not one.
   */
  boolean cancelUnstarted(Runnable waiting);
}
