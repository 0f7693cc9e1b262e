package io.pipelinescheduler;

import java.time.Duration;
import java.util.Objects;

/**
 * How one step of a {@link Pipeline} run ended, as kept in {@link ExecutionRecord#steps()}. Only
 * steps that started are listed: a step after the one that stopped the pipeline has no outcome.
 *
 * @param name the step's name
 * @param status {@link ExecutionStatus#SUCCEEDED}; {@link ExecutionStatus#FAILED} when its last
 *     attempt threw; {@link ExecutionStatus#TIMED_OUT} when its last attempt ran past the step's
 *     own {@linkplain Pipeline#timeout(Duration) timeout}; {@link ExecutionStatus#CANCELLED} when
 *     the run was cancelled or timed out while the step ran
 * @param duration from the start of its first attempt to its end, retry delays included
 * @param attempts how many times it ran: 1, or more when its own {@linkplain Pipeline#retries(int,
 *     Duration) retries} ran it again
 * @param error the last attempt's exception type and message, null when it succeeded
 */
public record StepOutcome(
    String name, ExecutionStatus status, Duration duration, int attempts, String error) {

  /**
   * Checks the fields.
   *
   * @throws NullPointerException if {@code name}, {@code status} or {@code duration} is null
   * @throws IllegalArgumentException if {@code attempts} is less than 1
   */
  public StepOutcome {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(duration, "duration");
    if (attempts < 1) {
      throw new IllegalArgumentException(
          "step '" + name + "': attempts must be at least 1, was " + attempts);
    }
  }

  /** True when the step did not succeed. */
  public boolean failed() {
    return status != ExecutionStatus.SUCCEEDED;
  }
}
