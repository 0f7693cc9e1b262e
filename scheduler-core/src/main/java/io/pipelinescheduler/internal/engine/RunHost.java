package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/** What a {@link RunExecution} asks of the engine while it starts, runs and ends. */
interface RunHost {
  Clock clock();

  /**
   * A worker is about to start the run's job: true when it may (its start is written, or queued to
   * be written behind it); false when it was taken over elsewhere, ended, or its start could not be
   * written (it has then been dropped here).
   */
  boolean begin(RunExecution run, ExecutionRecord starting);

  /** The job started, {@code lateness} after its slot. */
  void started(RunExecution run, Duration lateness);

  /** Calls {@code onTimeout} after {@code timeout}, unless cancelled. */
  ScheduledFuture<?> after(Duration timeout, Runnable onTimeout);

  /** The run was asked to stop: abandon it if it ignores interruption for the interrupt grace. */
  void watchStuck(RunExecution run, ExecutionStatus status, String why);

  /** The run's record is final: it is released, written and reported. */
  void finished(RunExecution run, ExecutionRecord record);

  /** A worker the watchdog had replaced came back from an abandoned job. */
  void workerReturned(RunExecution run);
}
