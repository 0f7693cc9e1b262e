package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Trigger;

/** Rows to records. */
final class RowMapping {
  private RowMapping() {}

  static ExecutionRecord run(RunRow row) {
    return new ExecutionRecord(
        row.runId,
        row.scheduleName,
        row.scheduledAt,
        row.startedAt,
        row.finishedAt,
        ExecutionStatus.valueOf(row.status),
        row.success,
        Micros.toDuration(row.durationMicros),
        row.attempt,
        Trigger.valueOf(row.trigger),
        row.error,
        row.output,
        row.node);
  }

  /**
   * Text as PostgreSQL accepts it: NUL characters (which it refuses in text) become U+FFFD. Done on
   * both databases so that they return the same text.
   */
  static String text(String value) {
    return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
  }
}
