package io.pipelinescheduler.http.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.StepOutcome;
import io.pipelinescheduler.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A run as JSON: an {@link ExecutionRecord} with its duration also in milliseconds, and its output
 * only where asked for ({@code GET /api/runs/{runId}}).
 *
 * @param runId unique id
 * @param scheduleName its schedule
 * @param scheduledTime the slot
 * @param startedAt when it started
 * @param finishedAt when it ended, null while running
 * @param status its state
 * @param success true only when it succeeded
 * @param duration ISO-8601, e.g. {@code PT1.25S}
 * @param durationMillis the same in milliseconds
 * @param attempt 1 for the first try
 * @param trigger why it started
 * @param error the error, null on success
 * @param node the instance that ran it
 * @param output the captured output; left out of lists
 * @param steps a pipeline run's step outcomes in the order they ran (empty for other jobs)
 * @param failedSteps the names of the steps that did not succeed; on a SUCCEEDED run, the steps
 *     continued past ("succeeded with failed steps")
 */
public record RunView(
    String runId,
    String scheduleName,
    Instant scheduledTime,
    Instant startedAt,
    Instant finishedAt,
    ExecutionStatus status,
    boolean success,
    Duration duration,
    long durationMillis,
    int attempt,
    Trigger trigger,
    String error,
    String node,
    @JsonInclude(JsonInclude.Include.NON_NULL) String output,
    List<Step> steps,
    List<String> failedSteps) {

  /**
   * One step's outcome as JSON.
   *
   * @param name the step's name
   * @param status SUCCEEDED, FAILED, TIMED_OUT or CANCELLED
   * @param durationMs from its first attempt's start to its end, in milliseconds
   * @param attempts how many times it ran
   * @param error its last attempt's error, null when it succeeded
   */
  public record Step(
      String name, ExecutionStatus status, long durationMs, int attempts, String error) {
    static Step of(StepOutcome outcome) {
      return new Step(
          outcome.name(),
          outcome.status(),
          outcome.duration().toMillis(),
          outcome.attempts(),
          outcome.error());
    }
  }

  /** The record without its output. */
  public static RunView summary(ExecutionRecord record) {
    return of(record, false);
  }

  /** The record with its output. */
  public static RunView full(ExecutionRecord record) {
    return of(record, true);
  }

  private static RunView of(ExecutionRecord r, boolean withOutput) {
    return new RunView(
        r.runId(),
        r.scheduleName(),
        r.scheduledTime(),
        r.startedAt(),
        r.finishedAt(),
        r.status(),
        r.success(),
        r.duration(),
        r.duration().toMillis(),
        r.attempt(),
        r.trigger(),
        r.error(),
        r.node(),
        withOutput ? r.output() : null,
        r.steps().stream().map(Step::of).toList(),
        r.failedSteps());
  }
}
