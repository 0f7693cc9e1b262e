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
  private final SlotLock lock;

  /** Made at the first {@link #logger()}: most jobs never log. */
  private volatile JobLogger logger;

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

  void markCancelled() {
    cancelled = true;
  }

  String outputText() {
    return output.text();
  }
}
