package io.pipelinescheduler;

import io.pipelinescheduler.internal.command.PipelineRun;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Job} made of named steps that run one after the other, each step itself a {@code Job} (a
 * {@link CommandJob}, a lambda, or another {@code Pipeline}).
 *
 * <pre>{@code
 * Job etl = Pipeline.named("daily_etl")
 *     .step("extract", CommandJob.of("python3", "extract.py"))
 *     .step("transform", ctx -> transform())
 *     .continueOnFailure()
 *     .step("load", CommandJob.of("sh", "-c", "psql -f load.sql"));
 * }</pre>
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
 * step runs. A run in which only such steps failed <b>succeeds</b>; the output ends with a line
 * naming the failed steps.
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
    Step step = new Step(stepName, job, false);
    for (Step existing : steps) {
      if (existing.name().equals(stepName)) {
        throw new IllegalArgumentException(
            "pipeline '" + name + "' already has a step named '" + stepName + "'");
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
    if (steps.isEmpty()) {
      throw new IllegalStateException(
          "pipeline '"
              + name
              + "': continueOnFailure() marks the step added just before it; call step(..) first");
    }
    List<Step> copy = new ArrayList<>(steps);
    Step last = copy.get(copy.size() - 1);
    copy.set(copy.size() - 1, new Step(last.name(), last.job(), true));
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
   * One step of a pipeline.
   *
   * @param name the step's name, unique within its pipeline
   * @param job what it runs
   * @param continueOnFailure whether the pipeline goes on when it fails
   */
  public record Step(String name, Job job, boolean continueOnFailure) {
    /**
     * Validates the step.
     *
     * @throws NullPointerException if {@code name} or {@code job} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Step {
      Objects.requireNonNull(name, "stepName");
      Objects.requireNonNull(job, "job");
      if (name.isBlank()) {
        throw new IllegalArgumentException("step name must not be blank: '" + name + "'");
      }
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
