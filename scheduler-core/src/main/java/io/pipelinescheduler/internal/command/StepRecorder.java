package io.pipelinescheduler.internal.command;

import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.StepOutcome;

/**
 * A {@link JobContext} that keeps the outcomes of the steps of the pipeline it runs (the
 * scheduler's run context). A pipeline run with any other context (a nested pipeline's step
 * context, a test's) records nothing.
 */
public interface StepRecorder {
  /** A step of the pipeline ended; called on the run's thread, in the order the steps ran. */
  void stepEnded(StepOutcome outcome);

  /**
   * For a run that resumes an earlier one: the outcome {@code stepName} had there when it
   * succeeded, so that the step is skipped and keeps that outcome; null when the step runs.
   */
  default StepOutcome succeededBefore(String stepName) {
    return null;
  }
}
