package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtlPipelineTest {
  @TempDir Path workDir;

  @Test
  void prints_a_failed_a_timed_out_and_a_succeeded_attempt_naming_the_failing_step()
      throws Exception {
    ExampleProcess.Result result = ExampleProcess.run(workDir, EtlPipeline.class);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output())
        .containsPattern(
            "attempt 1 \\(MANUAL, started \\+0\\.0 s\\): FAILED - \\S+StepFailedException:"
                + " pipeline 'orders_etl' failed at step 'transform': order 17 has no currency\n")
        .containsPattern(
            "attempt 2 \\(RETRY, started \\+\\d+\\.\\d s\\): TIMED_OUT - timed out after PT2S")
        .containsPattern("attempt 3 \\(RETRY, started \\+\\d+\\.\\d s\\): SUCCEEDED\n")
        .containsSubsequence("history of orders-etl:", "attempt 1", "attempt 2", "attempt 3")
        .containsSubsequence(
            "output of the last attempt:",
            "INFO extracted 3 orders",
            "INFO transformed 3 orders",
            "INFO loaded 3 orders",
            "step 'load' succeeded");
  }
}
