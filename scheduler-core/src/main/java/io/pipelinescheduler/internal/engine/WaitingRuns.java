package io.pipelinescheduler.internal.engine;

/**
 * Starts a slot that waited for a schedule's runs in flight (QUEUE overlap, FIRE_ALL backlog) once
 * none is: called wherever a run ends or does not start after all. Runtime's monitor held.
 */
interface WaitingRuns {
  void startWaiting(ScheduleRuntime runtime);
}
