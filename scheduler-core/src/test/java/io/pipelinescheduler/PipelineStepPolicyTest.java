package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps with their own policy (retries, timeout, continue on failure), run by the scheduler, and
 * the outcome of each step kept in the run's record.
 */
@Timeout(60)
class PipelineStepPolicyTest {
  private static final long PATIENCE_SECONDS = 30;

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void close() {
    scheduler.close();
  }

  private Job records(String name) {
    return context -> ran.add(name);
  }

  private ExecutionRecord runOnce(String name, Job job) throws Exception {
    scheduler.schedule(name).manual().run(job);
    return scheduler.runNow(name).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void a_step_that_fails_once_is_run_again_alone_and_the_run_succeeds() throws Exception {
    AtomicInteger transformAttempts = new AtomicInteger();
    Pipeline etl =
        Pipeline.named("etl")
            .step("extract", records("extract"))
            .step(
                "transform",
                context -> {
                  ran.add("transform");
                  if (transformAttempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("database busy");
                  }
                })
            .retries(2, Duration.ofMillis(10))
            .step("load", records("load"));

    ExecutionRecord run = runOnce("etl", etl);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.attempt()).isEqualTo(1);
    assertThat(ran).containsExactly("extract", "transform", "transform", "load");
    assertThat(run.steps())
        .extracting(StepOutcome::name, StepOutcome::status, StepOutcome::attempts)
        .containsExactly(
            Tuple.tuple("extract", ExecutionStatus.SUCCEEDED, 1),
            Tuple.tuple("transform", ExecutionStatus.SUCCEEDED, 2),
            Tuple.tuple("load", ExecutionStatus.SUCCEEDED, 1));
    assertThat(run.failedSteps()).isEmpty();
    assertThat(run.output())
        .contains("step 'transform' failed at attempt 1 of 3, retrying in PT0.01S: database busy");
    assertThat(scheduler.getRun(run.runId()).orElseThrow().steps()).isEqualTo(run.steps());
  }

  @Test
  void a_step_whose_retries_are_used_up_fails_the_run_and_the_later_steps_never_start()
      throws Exception {
    Pipeline etl =
        Pipeline.named("etl")
            .step("extract", records("extract"))
            .step(
                "transform",
                context -> {
                  ran.add("transform");
                  throw new IllegalStateException("bad row 17");
                })
            .retries(1, Duration.ZERO)
            .step("load", records("load"));

    ExecutionRecord run = runOnce("etl", etl);

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error()).contains("pipeline 'etl' failed at step 'transform': bad row 17");
    assertThat(ran).containsExactly("extract", "transform", "transform");
    assertThat(run.steps())
        .extracting(StepOutcome::name, StepOutcome::status, StepOutcome::attempts)
        .containsExactly(
            Tuple.tuple("extract", ExecutionStatus.SUCCEEDED, 1),
            Tuple.tuple("transform", ExecutionStatus.FAILED, 2));
    assertThat(run.steps().get(1).error()).isEqualTo("java.lang.IllegalStateException: bad row 17");
  }

  @Test
  void a_command_step_past_its_timeout_is_killed_and_fails_the_run_naming_the_step()
      throws Exception {
    Path pidFile = dir.resolve("sleep.pid");
    Pipeline etl =
        Pipeline.named("etl")
            .step("extract", records("extract"))
            .step("slow", CommandJob.of("sh", "-c", "echo $$ > '" + pidFile + "'; exec sleep 30"))
            .timeout(Duration.ofMillis(500))
            .step("load", records("load"));

    ExecutionRecord run = runOnce("etl", etl);

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error())
        .contains("pipeline 'etl' failed at step 'slow': step 'slow' timed out after PT0.5S");
    assertThat(ran).containsExactly("extract");
    assertThat(run.steps())
        .extracting(StepOutcome::name, StepOutcome::status, StepOutcome::attempts)
        .containsExactly(
            Tuple.tuple("extract", ExecutionStatus.SUCCEEDED, 1),
            Tuple.tuple("slow", ExecutionStatus.TIMED_OUT, 1));
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    await()
        .atMost(Duration.ofSeconds(PATIENCE_SECONDS))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void a_timed_out_step_with_continue_on_failure_lets_the_next_step_run() throws Exception {
    Pipeline etl =
        Pipeline.named("etl")
            .step(
                "slow",
                context -> {
                  ran.add("slow");
                  while (!context.isCancelled()) {
                    Thread.onSpinWait();
                  }
                  throw new InterruptedException("stopped");
                })
            .timeout(Duration.ofMillis(200))
            .continueOnFailure()
            .step("load", records("load"));

    ExecutionRecord run = runOnce("etl", etl);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(ran).containsExactly("slow", "load");
    assertThat(run.failedSteps()).containsExactly("slow");
    assertThat(run.steps().get(0).status()).isEqualTo(ExecutionStatus.TIMED_OUT);
  }

  @Test
  void a_continued_step_that_failed_leaves_the_run_succeeded_with_failed_steps() throws Exception {
    Pipeline etl =
        Pipeline.named("etl")
            .step("extract", records("extract"))
            .step(
                "notify",
                context -> {
                  throw new IllegalStateException("mail server down");
                })
            .continueOnFailure()
            .step("load", records("load"));

    ExecutionRecord run = runOnce("etl", etl);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.success()).isTrue();
    assertThat(run.failedSteps()).containsExactly("notify");
    assertThat(run.steps())
        .extracting(StepOutcome::name, StepOutcome::status, StepOutcome::error)
        .containsExactly(
            Tuple.tuple("extract", ExecutionStatus.SUCCEEDED, null),
            Tuple.tuple(
                "notify",
                ExecutionStatus.FAILED,
                "java.lang.IllegalStateException: mail server down"),
            Tuple.tuple("load", ExecutionStatus.SUCCEEDED, null));
  }

  @Test
  void a_run_of_a_job_that_is_not_a_pipeline_has_no_step_outcomes() throws Exception {
    ExecutionRecord run = runOnce("plain", records("plain"));

    assertThat(run.steps()).isEmpty();
    assertThat(run.failedSteps()).isEmpty();
  }

  @Test
  void bad_step_policies_are_refused_naming_the_pipeline_the_step_and_the_value() {
    Pipeline etl = Pipeline.named("etl").step("extract", records("extract"));

    assertThatThrownBy(() -> etl.retries(-1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'etl': step 'extract': retries must not be negative: -1");
    assertThatThrownBy(() -> etl.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeline 'etl': step 'extract': timeout must be positive: PT0S");
    assertThatThrownBy(() -> Pipeline.named("etl").timeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call step(..) first");
    assertThat(etl.retries(2, Duration.ofSeconds(5)).timeout(Duration.ofMinutes(1)).steps())
        .containsExactly(
            new Pipeline.Step(
                "extract",
                etl.steps().get(0).job(),
                false,
                2,
                Duration.ofSeconds(5),
                Duration.ofMinutes(1)));
  }

  @Test
  void a_data_defined_pipeline_carries_its_step_policies_through_import_and_export()
      throws Exception {
    String json =
        """
        [ {"name": "etl", "definition": {"timing": {"kind": "manual"},
             "job": {"kind": "pipeline", "name": "etl", "steps": [
               {"name": "extract", "job": {"program": "sh", "arguments": ["-c", "exit 3"]},
                "maxRetries": 1, "retryDelay": "PT0.01S", "continueOnFailure": true},
               {"name": "load", "job": {"program": "true"}, "timeout": "PT10M"} ]}}} ]
        """;

    scheduler.importSchedules(json);
    ExecutionRecord run = scheduler.runNow("etl").get(PATIENCE_SECONDS, TimeUnit.SECONDS);

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.steps())
        .extracting(StepOutcome::name, StepOutcome::status, StepOutcome::attempts)
        .containsExactly(
            Tuple.tuple("extract", ExecutionStatus.FAILED, 2),
            Tuple.tuple("load", ExecutionStatus.SUCCEEDED, 1));
    String exported = scheduler.exportSchedules();
    assertThat(exported)
        .contains("\"maxRetries\" : 1", "\"retryDelay\" : \"PT0.01S\"", "\"timeout\" : \"PT10M\"");
    scheduler.clear();
    scheduler.importSchedules(exported);
    assertThat(scheduler.exportSchedules()).isEqualTo(exported);
  }

  @Test
  void a_data_defined_step_with_a_bad_policy_is_refused_naming_the_step_and_the_value() {
    String negative =
        """
        [ {"name": "etl", "definition": {"timing": {"kind": "manual"},
             "job": {"kind": "pipeline", "name": "etl", "steps": [
               {"name": "extract", "job": {"program": "true"}, "maxRetries": -2} ]}}} ]
        """;
    String badTimeout =
        """
        [ {"name": "etl", "definition": {"timing": {"kind": "manual"},
             "job": {"kind": "pipeline", "name": "etl", "steps": [
               {"name": "extract", "job": {"program": "true"}},
               {"name": "load", "job": {"program": "true"}, "timeout": "10 minutes"} ]}}} ]
        """;
    String unknown =
        """
        [ {"name": "etl", "definition": {"timing": {"kind": "manual"},
             "job": {"kind": "pipeline", "name": "etl", "steps": [
               {"name": "extract", "job": {"program": "true"}, "retries": 2} ]}}} ]
        """;

    assertThatThrownBy(() -> scheduler.importSchedules(negative))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("job.steps['extract'].maxRetries")
        .hasMessageContaining("'-2'");
    assertThatThrownBy(() -> scheduler.importSchedules(badTimeout))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("job.steps['load'].timeout")
        .hasMessageContaining("'10 minutes'");
    assertThatThrownBy(() -> scheduler.importSchedules(unknown))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("job.steps[0].retries");
    assertThat(scheduler.listSchedules()).isEmpty();
  }
}
