package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.Trigger;
import java.time.Instant;
import org.slf4j.Logger;

/** The {@link JobContext} of one run. */
final class RunContext implements JobContext {
  private final String scheduleName;
  private final String runId;
  private final Instant scheduledTime;
  private final int attempt;
  private final Trigger trigger;
  private final BoundedOutput output;
  private final JobLogger logger;
  private final SlotLock lock;
  private volatile boolean cancelled;

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
    this.logger = new JobLogger(scheduleName, output);
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
    return logger;
  }

  @Override
  public void appendOutput(String text) {
    output.append(text);
  }

  void markCancelled() {
    cancelled = true;
  }

  String outputText() {
    return output.text();
  }
}
