package io.pipelinescheduler.internal.engine;

import java.time.Instant;

/** Hands claimed and recorded runs to the workers; from then on they count as in flight here. */
interface RunLauncher {
  /** To a worker now. */
  void launch(RunExecution run);

  /**
   * To a worker at {@code at}: at once when that has passed, else from the timetable, checked then
   * against the schedule's {@code generation} when it was claimed.
   */
  void launchAt(RunExecution run, Instant at, long generation);

  /**
   * Counts it as in flight without handing it to a worker (it is about to end, or the caller runs
   * it). False when a cancel asked while its record was being written ended it: not to be run.
   */
  boolean track(RunExecution run);
}
