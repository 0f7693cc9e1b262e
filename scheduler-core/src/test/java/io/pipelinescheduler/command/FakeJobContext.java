package io.pipelinescheduler.command;

import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.Trigger;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A JobContext for tests: keeps the output in memory and has a cancel switch. */
final class FakeJobContext implements JobContext {
  private final StringBuffer output = new StringBuffer();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  @Override
  public String scheduleName() {
    return "test-schedule";
  }

  @Override
  public String runId() {
    return "run-1";
  }

  @Override
  public Instant scheduledTime() {
    return Instant.EPOCH;
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public Trigger trigger() {
    return Trigger.MANUAL;
  }

  @Override
  public boolean isCancelled() {
    return cancelled.get();
  }

  @Override
  public Logger logger() {
    return LoggerFactory.getLogger("test-job");
  }

  @Override
  public void appendOutput(String text) {
    output.append(text);
  }

  /** Everything appended so far. */
  String output() {
    return output.toString();
  }

  /** Sets the flag {@link #isCancelled()} reports, as the scheduler does on cancel or timeout. */
  void cancel() {
    cancelled.set(true);
  }
}
