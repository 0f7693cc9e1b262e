package io.pipelinescheduler.internal.command;

import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.Trigger;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * The context one attempt of a pipeline step runs in: the run's, except that it also counts as
 * cancelled once the step's own timeout fired, so that a {@code CommandJob} kills its process tree
 * and a lambda that checks {@link #isCancelled()} stops.
 */
final class StepContext implements JobContext {
  private final JobContext run;
  private volatile boolean timedOut;

  StepContext(JobContext run) {
    this.run = run;
  }

  void markTimedOut() {
    timedOut = true;
  }

  boolean timedOut() {
    return timedOut;
  }

  @Override
  public String scheduleName() {
    return run.scheduleName();
  }

  @Override
  public String runId() {
    return run.runId();
  }

  @Override
  public Instant scheduledTime() {
    return run.scheduledTime();
  }

  @Override
  public int attempt() {
    return run.attempt();
  }

  @Override
  public Trigger trigger() {
    return run.trigger();
  }

  @Override
  public boolean isCancelled() {
    return timedOut || run.isCancelled();
  }

  @Override
  public Logger logger() {
    return run.logger();
  }

  @Override
  public void appendOutput(String text) {
    run.appendOutput(text);
  }
}
