package io.pipelinescheduler.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.CommandJob.CommandFailedException;
import io.pipelinescheduler.Job;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.Pipeline.StepFailedException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

@Timeout(60)
class PipelineTest {
  @TempDir Path dir;
  private final FakeJobContext context = new FakeJobContext();
  private final List<String> ran = new CopyOnWriteArrayList<>();

  private Job records(String name) {
    return ctx -> ran.add(name);
  }

  private Job fails(String name, String message) {
    return ctx -> {
      ran.add(name);
      throw new IllegalStateException(message);
    };
  }

  @Test
  void runs_the_steps_in_order_and_writes_a_line_when_each_starts_and_succeeds() throws Exception {
    Pipeline pipeline =
        Pipeline.named("daily_etl")
            .step("extract", records("extract"))
            .step("transform", records("transform"))
            .step("load", records("load"));

    pipeline.run(context);

    assertThat(ran).containsExactly("extract", "transform", "load");
    assertThat(context.output().lines())
        .hasSize(6)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).isEqualTo("step 'extract' started");
              assertThat(lines.get(1)).matches("step 'extract' succeeded in \\d+ ms");
              assertThat(lines.get(4)).isEqualTo("step 'load' started");
              assertThat(lines.get(5)).matches("step 'load' succeeded in \\d+ ms");
            });
  }

  @Test
  void a_failing_step_stops_the_pipeline_and_fails_the_run_naming_pipeline_and_step() {
    IllegalStateException[] cause = new IllegalStateException[1];
    Pipeline pipeline =
        Pipeline.named("daily_etl")
            .step("extract", records("extract"))
            .step(
                "transform",
                ctx -> {
                  cause[0] = new IllegalStateException("bad row 17");
                  throw cause[0];
                })
            .step("load", records("load"));

    assertThatThrownBy(() -> pipeline.run(context))
        .isInstanceOfSatisfying(
            StepFailedException.class,
            e -> {
              assertThat(e.pipelineName()).isEqualTo("daily_etl");
              assertThat(e.stepName()).isEqualTo("transform");
              assertThat(e.getCause()).isSameAs(cause[0]);
            })
        .hasMessage("pipeline 'daily_etl' failed at step 'transform': bad row 17");
    assertThat(ran).containsExactly("extract");
    assertThat(context.output())
        .contains("step 'transform' failed after ")
        .endsWith(": bad row 17\n");
  }

  @Test
  void a_failing_continue_on_failure_step_is_recorded_and_the_run_still_succeeds()
      throws Exception {
    Pipeline pipeline =
        Pipeline.named("daily_etl")
            .step("extract", records("extract"))
            .step("transform", fails("transform", "bad row 17"))
            .continueOnFailure()
            .step("load", records("load"));

    pipeline.run(context);

    assertThat(ran).containsExactly("extract", "transform", "load");
    assertThat(context.output())
        .contains("step 'transform' failed (continuing): bad row 17\n")
        .contains("step 'load' started\n")
        .endsWith(
            "pipeline 'daily_etl' finished; steps that failed and were continued past:"
                + " 'transform'\n");
  }

  @Test
  void continue_on_failure_marks_only_the_step_just_added() {
    Pipeline pipeline =
        Pipeline.named("p")
            .step("a", records("a"))
            .continueOnFailure()
            .step("b", fails("b", "boom"))
            .step("c", records("c"));

    assertThatThrownBy(() -> pipeline.run(context))
        .hasMessage("pipeline 'p' failed at step 'b': boom");
    assertThat(pipeline.steps())
        .extracting(Pipeline.Step::continueOnFailure)
        .containsExactly(true, false, false);
    assertThat(ran).containsExactly("a", "b");
  }

  @Test
  void continue_on_failure_before_any_step_is_an_illegal_state() {
    assertThatThrownBy(() -> Pipeline.named("daily_etl").continueOnFailure())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "pipeline 'daily_etl': continueOnFailure() marks the step added just before it;"
                + " call step(..) first");
  }

  @Test
  void a_duplicate_step_name_is_rejected_naming_it() {
    Pipeline pipeline = Pipeline.named("daily_etl").step("extract", records("extract"));

    assertThatThrownBy(() -> pipeline.step("extract", records("again")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'daily_etl' already has a step named 'extract'");
  }

  @Test
  void bad_names_and_null_arguments_are_rejected_at_the_call() {
    Pipeline pipeline = Pipeline.named("p");

    assertThatThrownBy(() -> Pipeline.named(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline name must not be blank: ' '");
    assertThatThrownBy(() -> Pipeline.named(null)).hasMessage("name");
    assertThatThrownBy(() -> pipeline.step(null, records("x"))).hasMessage("stepName");
    assertThatThrownBy(() -> pipeline.step("x", null)).hasMessage("job");
    assertThatThrownBy(() -> pipeline.step("", records("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step name must not be blank: ''");
  }

  @Test
  void adding_a_step_returns_a_new_pipeline_and_leaves_the_original_unchanged() {
    Pipeline empty = Pipeline.named("p");

    Pipeline one = empty.step("a", records("a"));
    Pipeline marked = one.continueOnFailure();

    assertThat(empty.steps()).isEmpty();
    assertThat(one.steps())
        .singleElement()
        .extracting(Pipeline.Step::continueOnFailure)
        .isEqualTo(false);
    assertThat(marked.steps())
        .singleElement()
        .extracting(Pipeline.Step::continueOnFailure)
        .isEqualTo(true);
    assertThat(marked.name()).isEqualTo("p");
  }

  @Test
  void stops_between_steps_when_the_run_is_cancelled() {
    Pipeline pipeline =
        Pipeline.named("daily_etl")
            .step(
                "extract",
                ctx -> {
                  ran.add("extract");
                  context.cancel();
                })
            .step("transform", records("transform"));

    assertThatThrownBy(() -> pipeline.run(context))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("pipeline 'daily_etl' cancelled before step 'transform'");
    assertThat(ran).containsExactly("extract");
  }

  @Test
  void stops_between_steps_when_the_thread_is_interrupted() {
    Pipeline pipeline =
        Pipeline.named("daily_etl")
            .step(
                "extract",
                ctx -> {
                  ran.add("extract");
                  Thread.currentThread().interrupt();
                })
            .step("transform", records("transform"));

    assertThatThrownBy(() -> pipeline.run(context))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("pipeline 'daily_etl' cancelled before step 'transform'");
    assertThat(ran).containsExactly("extract");
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void an_interrupted_step_stops_the_pipeline_even_when_it_may_fail() {
    InterruptedException interruption = new InterruptedException("stop now");
    Pipeline pipeline =
        Pipeline.named("p")
            .step(
                "a",
                ctx -> {
                  throw interruption;
                })
            .continueOnFailure()
            .step("b", records("b"));

    assertThatThrownBy(() -> pipeline.run(context)).isSameAs(interruption);
    assertThat(ran).isEmpty();
    assertThat(context.output()).contains("step 'a' cancelled after ");
  }

  @Test
  void a_step_failing_because_the_run_was_cancelled_counts_as_cancelled_not_failed() {
    Pipeline pipeline =
        Pipeline.named("p")
            .step(
                "a",
                ctx -> {
                  context.cancel();
                  throw new IllegalStateException("aborted by cancel");
                })
            .continueOnFailure()
            .step("b", records("b"));

    assertThatThrownBy(() -> pipeline.run(context))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("pipeline 'p' cancelled in step 'a'")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(ran).isEmpty();
  }

  @Test
  void each_step_sees_the_run_context_and_its_own_name_in_the_mdc() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    Job job = ctx -> seen.add(ctx.runId() + "/" + MDC.get(Pipeline.MDC_STEP));
    Pipeline pipeline = Pipeline.named("p").step("first", job).step("second", job);

    pipeline.run(context);

    assertThat(seen).containsExactly("run-1/first", "run-1/second");
    assertThat(MDC.get(Pipeline.MDC_STEP)).isNull();
  }

  @Test
  void a_pipeline_of_commands_stops_at_the_failing_command_with_its_exit_code_in_the_message()
      throws Exception {
    Path extract = Scripts.sh(dir, "extract.sh", "echo extracted");
    Path transform = Scripts.sh(dir, "transform.sh", "echo 'no input' >&2\nexit 3");
    Pipeline pipeline =
        Pipeline.named("daily_etl")
            .step("extract", CommandJob.of("sh", extract.toString()))
            .step("transform", CommandJob.of("sh", transform.toString()))
            .step("load", records("load"));

    assertThatThrownBy(() -> pipeline.run(context))
        .isInstanceOf(StepFailedException.class)
        .hasCauseInstanceOf(CommandFailedException.class)
        .hasMessage(
            "pipeline 'daily_etl' failed at step 'transform':"
                + " command 'sh' exited with 3; expected [0]; stderr: no input");
    assertThat(ran).isEmpty();
    assertThat(context.output())
        .contains("step 'extract' started\nextracted\nstep 'extract' succeeded in ")
        .contains("step 'transform' started\n[stderr] no input\nstep 'transform' failed after ");
  }

  @Test
  void a_pipeline_can_be_a_step_of_another_pipeline() throws Exception {
    Pipeline inner = Pipeline.named("inner").step("x", fails("x", "boom"));
    Pipeline outer = Pipeline.named("outer").step("nested", inner).step("after", records("after"));

    assertThatThrownBy(() -> outer.run(context))
        .hasMessage(
            "pipeline 'outer' failed at step 'nested': pipeline 'inner' failed at step 'x': boom");
  }
}
