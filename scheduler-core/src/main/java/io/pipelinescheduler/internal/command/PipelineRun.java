package io.pipelinescheduler.internal.command;

import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.Pipeline.Step;
import io.pipelinescheduler.Pipeline.StepFailedException;
import io.pipelinescheduler.StepOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.MDC;

/**
 * One run of a {@link Pipeline}: its steps in order, each under its own policy (retries, timeout,
 * continue on failure), with progress lines in the run's output and each step's {@link StepOutcome}
 * given to the context when it is a {@link StepRecorder}.
 */
public final class PipelineRun {
  /** How often a wait between a step's attempts looks at the cancellation flag. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

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
   * @throws StepFailedException when a step that may not fail fails (its retries used up)
   * @throws InterruptedException when the run is cancelled or the thread interrupted
   */
  public void execute() throws InterruptedException {
    List<String> failedSteps = new ArrayList<>();
    for (Step step : pipeline.steps()) {
      if (context.isCancelled() || Thread.interrupted()) {
        throw new InterruptedException(
            "pipeline '" + pipeline.name() + "' cancelled before step '" + step.name() + "'");
      }
      if (skipped(step)) {
        continue;
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

  /** True when the run resumes an earlier one in which this step succeeded: it is not run. */
  private boolean skipped(Step step) {
    if (!(context instanceof StepRecorder recorder)) {
      return false;
    }
    StepOutcome earlier = recorder.succeededBefore(step.name());
    if (earlier == null) {
      return false;
    }
    context.appendOutput("step '" + step.name() + "' skipped: it succeeded in the resumed run\n");
    recorder.stepEnded(earlier);
    return true;
  }

  /** Runs one step; returns false when it failed and may fail, throws when it may not. */
  private boolean runStep(Step step) throws InterruptedException {
    String previousStep = MDC.get(Pipeline.MDC_STEP);
    MDC.put(Pipeline.MDC_STEP, step.name());
    context.appendOutput("step '" + step.name() + "' started\n");
    long started = System.nanoTime();
    try {
      for (int attempt = 1; ; attempt++) {
        StepAttempt run = StepAttempt.run(step, context);
        Exception failure = run.failure();
        if (failure == null) {
          end(step, ExecutionStatus.SUCCEEDED, started, attempt, null);
          context.appendOutput(
              "step '"
                  + step.name()
                  + "' succeeded in "
                  + elapsedMillis(started)
                  + " ms"
                  + (attempt > 1 ? " at attempt " + attempt : "")
                  + "\n");
          return true;
        }
        if (context.isCancelled()
            || (!run.timedOut()
                && (failure instanceof InterruptedException
                    || Thread.currentThread().isInterrupted()))) {
          throw cancelled(step, started, attempt, failure);
        }
        String reason = message(failure);
        if (attempt <= step.retries()) {
          context.appendOutput(
              "step '"
                  + step.name()
                  + "' failed at attempt "
                  + attempt
                  + " of "
                  + (step.retries() + 1)
                  + ", retrying in "
                  + step.retryDelay()
                  + ": "
                  + reason
                  + "\n");
          try {
            pause(step);
          } catch (InterruptedException e) {
            throw cancelled(step, started, attempt, e);
          }
          continue;
        }
        ExecutionStatus status =
            run.timedOut() ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED;
        end(step, status, started, attempt, describe(failure));
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
        throw new StepFailedException(pipeline.name(), step.name(), failure);
      }
    } finally {
      if (previousStep == null) {
        MDC.remove(Pipeline.MDC_STEP);
      } else {
        MDC.put(Pipeline.MDC_STEP, previousStep);
      }
    }
  }

  /** The run was cancelled (or its thread interrupted) while the step ran or waited to retry. */
  private InterruptedException cancelled(Step step, long started, int attempts, Exception cause) {
    end(step, ExecutionStatus.CANCELLED, started, attempts, describe(cause));
    context.appendOutput(
        "step '" + step.name() + "' cancelled after " + elapsedMillis(started) + " ms\n");
    if (cause instanceof InterruptedException interrupted) {
      return interrupted;
    }
    Thread.interrupted();
    InterruptedException cancelled =
        new InterruptedException(
            "pipeline '" + pipeline.name() + "' cancelled in step '" + step.name() + "'");
    cancelled.initCause(cause);
    return cancelled;
  }

  private void end(Step step, ExecutionStatus status, long started, int attempts, String error) {
    if (context instanceof StepRecorder recorder) {
      recorder.stepEnded(
          new StepOutcome(
              step.name(), status, Duration.ofNanos(System.nanoTime() - started), attempts, error));
    }
  }

  /** Waits the step's retry delay, stopping early when the run is cancelled. */
  private void pause(Step step) throws InterruptedException {
    long deadline = System.nanoTime() + step.retryDelay().toNanos();
    while (true) {
      if (context.isCancelled() || Thread.interrupted()) {
        throw new InterruptedException(
            "pipeline '"
                + pipeline.name()
                + "' cancelled while step '"
                + step.name()
                + "' waited to retry");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
    }
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  private static String message(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getName() : message;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getName() + (message == null ? "" : ": " + message);
  }

  /**
   * One attempt of a step, bounded by the step's timeout: when it fires, the attempt's context
   * turns cancelled and the thread is interrupted; a firing that loses the race with the attempt's
   * end does nothing.
   */
  private static final class StepAttempt {
    private final StepContext stepContext;
    private final Thread thread = Thread.currentThread();
    private boolean ended; // guarded by this
    private Exception failure;

    private StepAttempt(JobContext context) {
      this.stepContext = new StepContext(context);
    }

    static StepAttempt run(Step step, JobContext context) {
      StepAttempt attempt = new StepAttempt(context);
      attempt.execute(step, context);
      return attempt;
    }

    private void execute(Step step, JobContext context) {
      Duration timeout = step.timeout();
      java.util.concurrent.ScheduledFuture<?> timer =
          timeout == null ? null : StepTimeouts.after(timeout, this::fire);
      try {
        step.job().run(stepContext);
      } catch (Exception e) {
        failure = e;
      } finally {
        synchronized (this) {
          ended = true;
        }
        if (timer != null) {
          timer.cancel(false);
        }
      }
      if (stepContext.timedOut()) {
        if (!context.isCancelled()) {
          Thread.interrupted(); // the step's own interrupt, not the run's
        }
        if (failure != null) {
          TimeoutException timedOut =
              new TimeoutException("step '" + step.name() + "' timed out after " + timeout);
          timedOut.initCause(failure);
          failure = timedOut;
        }
      }
    }

    private synchronized void fire() {
      if (!ended) {
        stepContext.markTimedOut();
        thread.interrupt();
      }
    }

    Exception failure() {
      return failure;
    }

    boolean timedOut() {
      return stepContext.timedOut() && failure != null;
    }
  }
}
