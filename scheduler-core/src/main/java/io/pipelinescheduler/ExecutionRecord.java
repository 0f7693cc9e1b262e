package io.pipelinescheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One run (one attempt) of a schedule, as kept in its history.
 *
 * @param runId unique id of the run
 * @param scheduleName the schedule it belongs to
 * @param scheduledTime the slot it ran for (for a manual run, when it was asked for)
 * @param startedAt when it started on a worker (for a {@link ExecutionStatus#QUEUED} run, when it
 *     was claimed)
 * @param finishedAt when it ended; null while running
 * @param status its state
 * @param success true only for {@link ExecutionStatus#SUCCEEDED}
 * @param duration how long it ran (measured with {@code System.nanoTime}); zero while running
 * @param attempt 1 for the first try
 * @param trigger why it started
 * @param error the exception type and message ({@code "java.io.IOException: disk full"}), null on
 *     success
 * @param output captured output (job logger lines, a command's stdout and stderr), bounded; may be
 *     empty, never null
 * @param node the instance id of the scheduler that ran it
 * @param steps for a run of a {@link Pipeline}, the outcome of each step that started, in the order
 *     they ran (see {@link StepOutcome}); empty for any other job and while a run is queued;
 *     unmodifiable, never null. A run whose {@linkplain Pipeline#continueOnFailure() continued}
 *     step failed is {@link ExecutionStatus#SUCCEEDED} with that step {@linkplain #failedSteps()
 *     failed}.
 */
public record ExecutionRecord(
    String runId,
    String scheduleName,
    Instant scheduledTime,
    Instant startedAt,
    Instant finishedAt,
    ExecutionStatus status,
    boolean success,
    Duration duration,
    int attempt,
    Trigger trigger,
    String error,
    String output,
    String node,
    List<StepOutcome> steps) {

  /**
   * Newest first, by start (the order of {@code getHistory} and {@code getRuns}); runs that started
   * at the same instant by run id.
   */
  public static final Comparator<ExecutionRecord> NEWEST_FIRST = new NewestFirst();

  /**
   * Checks the required fields and normalises {@code output}, {@code duration} and {@code steps}
   * (null becomes empty).
   */
  public ExecutionRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(scheduleName, "scheduleName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(trigger, "trigger");
    output = output == null ? "" : output;
    duration = duration == null ? Duration.ZERO : duration;
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** A record without step outcomes (any job but a {@link Pipeline}); see the canonical one. */
  public ExecutionRecord(
      String runId,
      String scheduleName,
      Instant scheduledTime,
      Instant startedAt,
      Instant finishedAt,
      ExecutionStatus status,
      boolean success,
      Duration duration,
      int attempt,
      Trigger trigger,
      String error,
      String output,
      String node) {
    this(
        runId,
        scheduleName,
        scheduledTime,
        startedAt,
        finishedAt,
        status,
        success,
        duration,
        attempt,
        trigger,
        error,
        output,
        node,
        List.of());
  }

  /**
   * The names of the steps that did not succeed, in the order they ran; empty when every step
   * succeeded or the job is not a pipeline. Non-empty on a {@link ExecutionStatus#SUCCEEDED} run
   * means it <em>succeeded with failed steps</em> (steps marked {@link
   * Pipeline#continueOnFailure()}).
   */
  public List<String> failedSteps() {
    return steps.stream().filter(StepOutcome::failed).map(StepOutcome::name).toList();
  }

  /** This record with these step outcomes (null means none). */
  public ExecutionRecord withSteps(List<StepOutcome> outcomes) {
    return new ExecutionRecord(
        runId,
        scheduleName,
        scheduledTime,
        startedAt,
        finishedAt,
        status,
        success,
        duration,
        attempt,
        trigger,
        error,
        output,
        node,
        outcomes);
  }

  /** A record of a run that has just been claimed and is running. */
  public static ExecutionRecord running(
      String runId,
      String scheduleName,
      Instant scheduledTime,
      Instant startedAt,
      int attempt,
      Trigger trigger,
      String node) {
    return new ExecutionRecord(
        runId,
        scheduleName,
        scheduledTime,
        startedAt,
        null,
        ExecutionStatus.RUNNING,
        false,
        Duration.ZERO,
        attempt,
        trigger,
        null,
        "",
        node);
  }

  /**
   * A record of a run that has just been claimed and waits for a worker or its slot: {@link
   * ExecutionStatus#QUEUED}, with the claim instant as its start until it starts.
   */
  public static ExecutionRecord queued(
      String runId,
      String scheduleName,
      Instant scheduledTime,
      Instant claimedAt,
      int attempt,
      Trigger trigger,
      String node) {
    return new ExecutionRecord(
        runId,
        scheduleName,
        scheduledTime,
        claimedAt,
        null,
        ExecutionStatus.QUEUED,
        false,
        Duration.ZERO,
        attempt,
        trigger,
        null,
        "",
        node);
  }

  /** This record, {@link ExecutionStatus#RUNNING} from {@code started} (a worker took it). */
  public ExecutionRecord start(Instant started) {
    return new ExecutionRecord(
        runId,
        scheduleName,
        scheduledTime,
        started,
        finishedAt,
        ExecutionStatus.RUNNING,
        success,
        duration,
        attempt,
        trigger,
        error,
        output,
        node,
        steps);
  }

  /** This record, run by the instance {@code instance} (a queued run taken over after a crash). */
  public ExecutionRecord withNode(String instance) {
    return new ExecutionRecord(
        runId,
        scheduleName,
        scheduledTime,
        startedAt,
        finishedAt,
        status,
        success,
        duration,
        attempt,
        trigger,
        error,
        output,
        instance,
        steps);
  }

  /** This record with a new start instant (a run that waited for a worker). */
  public ExecutionRecord withStartedAt(Instant started) {
    return new ExecutionRecord(
        runId,
        scheduleName,
        scheduledTime,
        started,
        finishedAt,
        status,
        success,
        duration,
        attempt,
        trigger,
        error,
        output,
        node,
        steps);
  }

  /** This record, finished with the given outcome. */
  public ExecutionRecord finish(
      ExecutionStatus outcome, Instant finished, Duration took, String errorText, String out) {
    return new ExecutionRecord(
        runId,
        scheduleName,
        scheduledTime,
        startedAt,
        finished,
        outcome,
        outcome == ExecutionStatus.SUCCEEDED,
        took,
        attempt,
        trigger,
        errorText,
        out,
        node,
        steps);
  }

  /**
   * {@link #NEWEST_FIRST}, written out: built from {@code Comparator.comparing} and method
   * references it links several call sites when this class is first used, which is on the first
   * run's path.
   */
  private static final class NewestFirst implements Comparator<ExecutionRecord> {
    @Override
    public int compare(ExecutionRecord a, ExecutionRecord b) {
      Instant x = a.startedAt();
      Instant y = b.startedAt();
      if (x != y) {
        if (x == null) {
          return 1;
        }
        if (y == null) {
          return -1;
        }
        int byStart = y.compareTo(x);
        if (byStart != 0) {
          return byStart;
        }
      }
      return a.runId().compareTo(b.runId());
    }
  }
}
