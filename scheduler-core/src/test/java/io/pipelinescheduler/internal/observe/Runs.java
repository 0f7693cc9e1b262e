package io.pipelinescheduler.internal.observe;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Trigger;
import java.time.Duration;
import java.time.Instant;

/** Execution records for tests. */
final class Runs {
  static final Instant SLOT = Instant.parse("2024-03-01T02:00:00Z");

  private Runs() {}

  static ExecutionRecord running(String schedule, String runId) {
    return ExecutionRecord.running(
        runId, schedule, SLOT, SLOT.plusSeconds(2), 1, Trigger.SCHEDULED, "node-1");
  }

  static ExecutionRecord finished(
      String schedule, String runId, ExecutionStatus status, Duration took, String error) {
    return running(schedule, runId)
        .finish(status, SLOT.plusSeconds(2).plus(took), took, error, "some output");
  }
}
