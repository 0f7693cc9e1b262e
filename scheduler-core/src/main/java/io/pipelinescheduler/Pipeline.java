package io.pipelinescheduler;

import io.pipelinescheduler.internal.command.PipelineRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A {@link Job} made of named steps that run one after the other, each step itself a {@code Job} (a
 * {@link CommandJob}, a lambda, or another {@code Pipeline}).
 *
 * <pre>{@code
 * Job etl = Pipeline.named("daily_etl")
 *     .step("extract", CommandJob.of("python3", "extract.py"))
 *     .step("transform", ctx -> transform())
 *     .continueOnFailure()
 *     .step("load", CommandJob.of("sh", "-c", "psql -f load.sql"))
 *     .retries(2, Duration.ofSeconds(30))
 *     .timeout(Duration.ofMinutes(10));
 * }</pre>
 *
 * <p><b>Step policies</b>: {@link #retries(int, Duration)}, {@link #timeout(Duration)} and {@link
 * #continueOnFailure()} apply to the step added just before them, like {@code continueOnFailure()}
 * always did. A step's retries run only that step again (after a fixed delay), not the steps before
 * it; a step's timeout interrupts that step (a {@link CommandJob}'s process tree is killed) and
 * counts as a failure of that attempt: it is retried when the step has retries left, and then fails
 * the pipeline (or is continued past). These are independent of the schedule's own retries and
 * timeout, which apply to the whole run.
 *
 * <p><b>Step outcomes</b>: when the scheduler runs a pipeline, the run's {@link
 * ExecutionRecord#steps()} lists each step that started with its {@link StepOutcome} (status,
 * duration, attempts, error); the steps of a pipeline nested as a step are part of that step.
 *
 * <p><b>Immutable</b>: {@link #step(String, Job)} and {@link #continueOnFailure()} return a new
 * {@code Pipeline} and leave the receiver unchanged (use the returned value), so one pipeline may
 * be shared by schedules and threads.
 *
 * <p><b>Running</b>: steps run in order on the run's thread and all see the run's {@link
 * JobContext}; while a step runs, the SLF4J MDC key {@value #MDC_STEP} holds its name. Each step
 * writes {@code step 'extract' started} and {@code step 'extract' succeeded in 12 ms} lines to the
 * run's output. A step that throws stops the pipeline and fails the run with a {@link
 * StepFailedException} ({@code pipeline 'daily_etl' failed at step 'transform': <cause message>},
 * the step's exception as its cause), unless the step was marked {@link #continueOnFailure()}: then
 * {@code step 'transform' failed (continuing): <message>} is written to the output and the next
 * step runs. A run in which only such steps failed <b>succeeds</b> ("succeeded with failed steps":
 * {@link ExecutionRecord#failedSteps()} names them); the output ends with a line naming them. A
 * step that timed out fails the pipeline like any failure, so the run ends {@link
 * ExecutionStatus#FAILED} (not {@code TIMED_OUT}, which is the schedule's whole-run timeout) with
 * {@code pipeline 'daily_etl' failed at step 'extract': step 'extract' timed out after PT10M}.
 *
 * <p><b>Cancellation</b>: before each step the pipeline checks {@link JobContext#isCancelled()} and
 * its thread's interrupt status, and stops with an {@link InterruptedException} naming the step it
 * did not start. A step that ends in an {@code InterruptedException}, or fails while the run is
 * cancelled, stops the pipeline with an {@code InterruptedException} even when it is marked {@code
 * continueOnFailure()}, so the scheduler records the run as cancelled or timed out.
 */
public final class Pipeline implements Job {
  /** The MDC key that holds the name of the running step. */
  public static final String MDC_STEP = "step";

  private final String name;
  private final List<Step> steps;

  private Pipeline(String name, List<Step> steps) {
    this.name = name;
    this.steps = steps;
  }

  /**
   * An empty pipeline (one that does nothing when run) to add steps to.
   *
   * @param name the pipeline's name, used in output lines and error messages
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Pipeline named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("pipeline name must not be blank: '" + name + "'");
    }
    return new Pipeline(name, List.of());
  }

  /**
   * A copy with {@code job} added as the last step, stopping the pipeline when it fails.
   *
   * @param stepName the step's name, unique within the pipeline
   * @param job what the step runs
   * @throws NullPointerException if {@code stepName} or {@code job} is null
   * @throws IllegalArgumentException if {@code stepName} is blank or already used in this pipeline
   */
  public Pipeline step(String stepName, Job job) {
    return step(new Step(stepName, job, false));
  }

  /**
   * A copy with {@code step}, and its policy, added as the last step.
   *
   * @throws NullPointerException if {@code step} is null
   * @throws IllegalArgumentException if its name is already used in this pipeline
   */
  public Pipeline step(Step step) {
    Objects.requireNonNull(step, "step");
    for (Step existing : steps) {
      if (existing.name().equals(step.name())) {
        throw new IllegalArgumentException(
            "pipeline '" + name + "' already has a step named '" + step.name() + "'");
      }
    }
    List<Step> copy = new ArrayList<>(steps);
    copy.add(step);
    return new Pipeline(name, Collections.unmodifiableList(copy));
  }

  /**
   * A copy in which the step added last may fail without stopping the pipeline: its failure is
   * written to the run's output and the next step runs.
   *
   * @throws IllegalStateException if the pipeline has no step yet
   */
  public Pipeline continueOnFailure() {
    return changeLast("continueOnFailure() marks", Step::continuingOnFailure);
  }

  /**
   * A copy in which the step added last, when it fails, is run again up to {@code retries} more
   * times, {@code delay} after each failed attempt; the steps before it are not run again. The
   * attempts are counted in its {@link StepOutcome#attempts()}. Default: no retries.
   *
   * @param retries how many times to run it again, 0 for none
   * @param delay the wait before each retry, zero for none
   * @throws IllegalStateException if the pipeline has no step yet
   * @throws NullPointerException if {@code delay} is null
   * @throws IllegalArgumentException naming the step and the value if {@code retries} or {@code
   *     delay} is negative
   */
  public Pipeline retries(int retries, Duration delay) {
    return changeLast("retries(..) applies to", last -> last.withRetries(retries, delay));
  }

  /**
   * A copy in which each attempt of the step added last is interrupted after {@code timeout} (a
   * {@link CommandJob}'s process tree is killed); the attempt fails with {@code step '<name>' timed
   * out after <timeout>} and the step's outcome is {@link ExecutionStatus#TIMED_OUT}. Default: no
   * timeout of its own (the schedule's timeout still bounds the whole run).
   *
   * @throws IllegalStateException if the pipeline has no step yet
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException naming the step and the value if {@code timeout} is zero or
   *     negative
   */
  public Pipeline timeout(Duration timeout) {
    return changeLast("timeout(..) applies to", last -> last.withTimeout(timeout));
  }

  private Pipeline changeLast(String what, UnaryOperator<Step> change) {
    if (steps.isEmpty()) {
      throw new IllegalStateException(
          "pipeline '"
              + name
              + "': "
              + what
              + " the step added just before it; call step(..) first");
    }
    List<Step> copy = new ArrayList<>(steps);
    Step last = copy.get(copy.size() - 1);
    try {
      copy.set(copy.size() - 1, change.apply(last));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pipeline '" + name + "': " + e.getMessage(), e);
    }
    return new Pipeline(name, Collections.unmodifiableList(copy));
  }

  /** The pipeline's name. */
  public String name() {
    return name;
  }

  /** The steps in the order they run, unmodifiable. */
  public List<Step> steps() {
    return steps;
  }

  /**
   * Runs the steps in order on the calling thread.
   *
   * @throws StepFailedException when a step not marked {@link #continueOnFailure()} fails
   * @throws InterruptedException when the run is cancelled or the thread interrupted
   */
  @Override
  public void run(JobContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    new PipelineRun(this, context).execute();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pipeline
        && ((Pipeline) o).name.equals(name)
        && ((Pipeline) o).steps.equals(steps);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, steps);
  }

  @Override
  public String toString() {
    return "Pipeline[name=" + name + ", steps=" + steps + "]";
  }

  /**
   * One step of a pipeline with its own policy.
   *
   * @param name the step's name, unique within its pipeline
   * @param job what it runs
   * @param continueOnFailure whether the pipeline goes on when it fails
   * @param retries how many times it is run again after a failed attempt (0: never)
   * @param retryDelay the wait before each retry ({@link Duration#ZERO}: none)
   * @param timeout the bound on each attempt, or null for none of its own
   */
  public record Step(
      String name,
      Job job,
      boolean continueOnFailure,
      int retries,
      Duration retryDelay,
      Duration timeout) {
    /**
     * Validates the step.
     *
     * @throws NullPointerException if {@code name}, {@code job} or {@code retryDelay} is null
     * @throws IllegalArgumentException naming the step and the value if {@code name} is blank,
     *     {@code retries} or {@code retryDelay} negative, or {@code timeout} zero or negative
     */
    public Step {
      Objects.requireNonNull(name, "stepName");
      Objects.requireNonNull(job, "job");
      Objects.requireNonNull(retryDelay, "retryDelay");
      if (name.isBlank()) {
        throw new IllegalArgumentException("step name must not be blank: '" + name + "'");
      }
      if (retries < 0) {
        throw new IllegalArgumentException(
            "step '" + name + "': retries must not be negative: " + retries);
      }
      if (retryDelay.isNegative()) {
        throw new IllegalArgumentException(
            "step '" + name + "': retry delay must not be negative: " + retryDelay);
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException(
            "step '" + name + "': timeout must be positive: " + timeout);
      }
    }

    /**
     * A step without retries or timeout of its own.
     *
     * @throws NullPointerException if {@code name} or {@code job} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Step(String name, Job job, boolean continueOnFailure) {
      this(name, job, continueOnFailure, 0, Duration.ZERO, null);
    }

    /** This step, continued past when it fails. */
    public Step continuingOnFailure() {
      return new Step(name, job, true, retries, retryDelay, timeout);
    }

    /**
     * This step with {@code retries} retries, {@code delay} apart.
     *
     * @throws NullPointerException if {@code delay} is null
     * @throws IllegalArgumentException naming the step and the value if either is negative
     */
    public Step withRetries(int retries, Duration delay) {
      Objects.requireNonNull(delay, "delay");
      return new Step(name, job, continueOnFailure, retries, delay, timeout);
    }

    /**
     * This step with each attempt bounded by {@code timeout}.
     *
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException naming the step and the value if it is not positive
     */
    public Step withTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      return new Step(name, job, continueOnFailure, retries, retryDelay, timeout);
    }
  }

  /** A step of a pipeline failed, and the step was not marked {@link #continueOnFailure()}. */
  public static final class StepFailedException extends SchedulerException {
    private static final long serialVersionUID = 1L;

    private final String pipelineName;
    private final String stepName;

    /**
     * The failure of {@code stepName} in {@code pipelineName}, with the message {@code pipeline
     * '<pipelineName>' failed at step '<stepName>': <cause message>}.
     *
     * @throws NullPointerException if an argument is null
     */
    public StepFailedException(String pipelineName, String stepName, Throwable cause) {
      super(
          "pipeline '"
              + Objects.requireNonNull(pipelineName, "pipelineName")
              + "' failed at step '"
              + Objects.requireNonNull(stepName, "stepName")
              + "': "
              + describe(Objects.requireNonNull(cause, "cause")),
          cause);
      this.pipelineName = pipelineName;
      this.stepName = stepName;
    }

    /** The exception's message, or its class name when it has none. */
    static String describe(Throwable t) {
      String message = t.getMessage();
      return message == null || message.isBlank() ? t.getClass().getName() : message;
    }

    /** The name of the pipeline that failed. */
    public String pipelineName() {
      return pipelineName;
    }

    /** The name of the step that failed. */
    public String stepName() {
      return stepName;
    }
  }
}
