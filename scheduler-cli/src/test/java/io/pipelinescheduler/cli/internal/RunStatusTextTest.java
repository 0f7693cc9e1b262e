package io.pipelinescheduler.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.StepOutcome;
import io.pipelinescheduler.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How show and history print a pipeline run whose steps did not all succeed. */
class RunStatusTextTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  private static JsonNode run(ExecutionStatus status, List<StepOutcome> steps) {
    ExecutionRecord record =
        ExecutionRecord.running("r1", "etl", T0, T0, 1, Trigger.MANUAL, "node")
            .finish(status, T0.plusSeconds(3), Duration.ofSeconds(3), null, "")
            .withSteps(steps);
    return Json.tree(RecordJson.run(record, false));
  }

  private static StepOutcome step(String name, ExecutionStatus status) {
    return new StepOutcome(name, status, Duration.ofMillis(1_500), 1, null);
  }

  @Test
  void a_run_that_succeeded_with_a_failed_step_names_it() {
    JsonNode run =
        run(
            ExecutionStatus.SUCCEEDED,
            List.of(
                step("extract", ExecutionStatus.SUCCEEDED),
                step("notify", ExecutionStatus.FAILED),
                step("load", ExecutionStatus.SUCCEEDED)));

    assertThat(RunStatusText.of(run)).isEqualTo("SUCCEEDED with failed steps: notify");
    assertThat(run.path("steps").get(1).path("durationMs").asLong()).isEqualTo(1_500);
    assertThat(run.path("failedSteps").toString()).isEqualTo("[\"notify\"]");
  }

  @Test
  void a_failed_pipeline_run_names_the_step_it_failed_at_and_other_runs_show_their_status() {
    assertThat(
            RunStatusText.of(
                run(ExecutionStatus.FAILED, List.of(step("transform", ExecutionStatus.TIMED_OUT)))))
        .isEqualTo("FAILED, failed steps: transform");
    assertThat(RunStatusText.of(run(ExecutionStatus.SUCCEEDED, List.of()))).isEqualTo("SUCCEEDED");
  }
}
