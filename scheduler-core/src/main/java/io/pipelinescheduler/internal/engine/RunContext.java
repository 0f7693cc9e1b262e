package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.StepOutcome;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.command.StepRecorder;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;

/** The {@link JobContext} of one run; it keeps the outcomes of a pipeline's steps. */
final class RunContext implements JobContext, StepRecorder {
  private final String scheduleName;
  private final String runId;
  private final Instant scheduledTime;
  private final int attempt;
  private final Trigger trigger;
  private final BoundedOutput output;
  private final SlotLock lock;

  /** Made at the first {@link #logger()}: most jobs never log. */
  private volatile JobLogger logger;

  private volatile boolean cancelled;

  /**
   * For a run that resumes another: the steps that succeeded there, by name; set before it runs.
   */
  private volatile java.util.Map<String, StepOutcome> succeededBefore = java.util.Map.of();

  /** Written by the run's thread, read by others for the live record. */
  private final List<StepOutcome> steps = new CopyOnWriteArrayList<>();

  RunContext(
      String scheduleName,
      String runId,
      Instant scheduledTime,
      int attempt,
      Trigger trigger,
      int outputLimit,
      SlotLock lock) {
    this.scheduleName = scheduleName;
    this.runId = runId;
    this.scheduledTime = scheduledTime;
    this.attempt = attempt;
    this.trigger = trigger;
    this.output = new BoundedOutput(outputLimit);
    this.lock = lock;
  }

  @Override
  public String scheduleName() {
    return scheduleName;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public Instant scheduledTime() {
    return scheduledTime;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Trigger trigger() {
    return trigger;
  }

  @Override
  public boolean isCancelled() {
    return cancelled || (lock != null && lock.isLost());
  }

  @Override
  public Logger logger() {
    JobLogger made = logger;
    if (made == null) {
      synchronized (this) {
        made = logger;
        if (made == null) {
          made = new JobLogger(scheduleName, output);
          logger = made;
        }
      }
    }
    return made;
  }

  @Override
  public void appendOutput(String text) {
    output.append(text);
  }

  @Override
  public void stepEnded(StepOutcome outcome) {
    steps.add(outcome);
  }

  @Override
  public StepOutcome succeededBefore(String stepName) {
    return succeededBefore.get(stepName);
  }

  /** This run resumes one whose outcomes are {@code earlier}: the succeeded steps are skipped. */
  void resume(List<StepOutcome> earlier) {
    java.util.Map<String, StepOutcome> succeeded = new java.util.HashMap<>();
    for (StepOutcome step : earlier) {
      if (!step.failed()) {
        succeeded.put(step.name(), step);
      }
    }
    succeededBefore = java.util.Map.copyOf(succeeded);
  }

  /** The outcomes of the steps that ended so far. */
  List<StepOutcome> steps() {
    return List.copyOf(steps);
  }

  void markCancelled() {
    cancelled = true;
  }

  String outputText() {
    return output.text();
  }
}
