package io.pipelinescheduler;

import java.time.Instant;
import org.slf4j.Logger;

/** What a running job knows about its run. Safe to use from the job's own thread. */
public interface JobContext {
  /** The name of the schedule this run belongs to. */
  String scheduleName();

  /** The unique id of this run (one per attempt). */
  String runId();

  /** The slot this run is for; for a manual run, the instant it was asked for. */
  Instant scheduledTime();

  /** 1 for the first try, 2 for the first retry, and so on. */
  int attempt();

  /** Why this run started. */
  Trigger trigger();

  /**
   * True once the run was asked to stop: by {@code cancel}, a timeout, {@code stop()} past its
   * grace period, or a lost lock lease. The worker thread is also interrupted.
   */
  boolean isCancelled();

  /**
   * An SLF4J logger for the job's own lines: they go to the application's logging (with MDC keys
   * {@code schedule} and {@code runId}) and are also kept in the run's {@link
   * ExecutionRecord#output()}.
   */
  Logger logger();

  /**
   * Appends text to the run's captured output, as kept in {@link ExecutionRecord#output()}. The
   * output is bounded; text past the bound is dropped and the truncation is marked.
   */
  void appendOutput(String text);
}
