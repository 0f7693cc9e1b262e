package io.pipelinescheduler.internal.command;

import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.Pipeline.Step;
import io.pipelinescheduler.Pipeline.StepFailedException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/** One run of a {@link Pipeline}: its steps in order, with progress lines in the run's output. */
public final class PipelineRun {
  private final Pipeline pipeline;
  private final JobContext context;

  /** A run of {@code pipeline} in {@code context}; nothing runs before {@link #execute()}. */
  public PipelineRun(Pipeline pipeline, JobContext context) {
    this.pipeline = pipeline;
    this.context = context;
  }

  /**
   * Runs every step in order.
   *
   * @throws StepFailedException when a step that may not fail fails
   * @throws InterruptedException when the run is cancelled or the thread interrupted
   */
  public void execute() throws InterruptedException {
    List<String> failedSteps = new ArrayList<>();
    for (Step step : pipeline.steps()) {
      if (context.isCancelled() || Thread.interrupted()) {
        throw new InterruptedException(
            "pipeline '" + pipeline.name() + "' cancelled before step '" + step.name() + "'");
      }
      if (!runStep(step)) {
        failedSteps.add(step.name());
      }
    }
    if (!failedSteps.isEmpty()) {
      context.appendOutput(
          "pipeline '"
              + pipeline.name()
              + "' finished; steps that failed and were continued past: '"
              + String.join("', '", failedSteps)
              + "'\n");
    }
  }

  /** Runs one step; returns false when it failed and may fail, throws when it may not. */
  private boolean runStep(Step step) throws InterruptedException {
    String previousStep = MDC.get(Pipeline.MDC_STEP);
    MDC.put(Pipeline.MDC_STEP, step.name());
    context.appendOutput("step '" + step.name() + "' started\n");
    long started = System.nanoTime();
    try {
      step.job().run(context);
      context.appendOutput(
          "step '" + step.name() + "' succeeded in " + elapsedMillis(started) + " ms\n");
      return true;
    } catch (InterruptedException e) {
      context.appendOutput(
          "step '" + step.name() + "' cancelled after " + elapsedMillis(started) + " ms\n");
      throw e;
    } catch (Exception e) {
      if (context.isCancelled() || Thread.currentThread().isInterrupted()) {
        context.appendOutput(
            "step '" + step.name() + "' cancelled after " + elapsedMillis(started) + " ms\n");
        Thread.interrupted();
        InterruptedException cancelled =
            new InterruptedException(
                "pipeline '" + pipeline.name() + "' cancelled in step '" + step.name() + "'");
        cancelled.initCause(e);
        throw cancelled;
      }
      String reason = message(e);
      if (step.continueOnFailure()) {
        context.appendOutput("step '" + step.name() + "' failed (continuing): " + reason + "\n");
        return false;
      }
      context.appendOutput(
          "step '"
              + step.name()
              + "' failed after "
              + elapsedMillis(started)
              + " ms: "
              + reason
              + "\n");
      throw new StepFailedException(pipeline.name(), step.name(), e);
    } finally {
      if (previousStep == null) {
        MDC.remove(Pipeline.MDC_STEP);
      } else {
        MDC.put(Pipeline.MDC_STEP, previousStep);
      }
    }
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static String message(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getName() : message;
  }
}
