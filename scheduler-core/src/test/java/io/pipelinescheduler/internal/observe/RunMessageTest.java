package io.pipelinescheduler.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunMessageTest {

  @Test
  void names_schedule_status_attempt_run_node_duration_slot_trigger_and_error() {
    String text =
        RunMessage.text(
            Runs.finished(
                "nightly-etl",
                "run-7",
                ExecutionStatus.FAILED,
                Duration.ofMillis(1234),
                "java.io.IOException: disk full"));

    assertThat(text)
        .isEqualTo(
            "Run FAILED: schedule 'nightly-etl', attempt 1\n"
                + "run id: run-7, node: node-1, duration: 1.234 s\n"
                + "slot: 2024-03-01T02:00:00Z, trigger: scheduled\n"
                + "error: java.io.IOException: disk full");
  }

  @Test
  void leaves_out_the_error_line_when_there_is_no_error() {
    String text =
        RunMessage.text(
            Runs.finished("etl", "run-8", ExecutionStatus.SUCCEEDED, Duration.ofMillis(5), null));

    assertThat(text).startsWith("Run SUCCEEDED: schedule 'etl'").doesNotContain("error");
  }

  @Test
  void cuts_a_very_long_error_and_says_how_long_it_was() {
    String error = "x".repeat(RunMessage.MAX_ERROR_CHARS + 500);

    String text =
        RunMessage.text(
            Runs.finished("etl", "run-9", ExecutionStatus.FAILED, Duration.ZERO, error));

    assertThat(text)
        .endsWith("x… (" + error.length() + " chars)")
        .hasSizeLessThan(RunMessage.MAX_ERROR_CHARS + 300);
  }

  @Test
  void formats_durations_for_people() {
    assertThat(RunMessage.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(RunMessage.duration(Duration.ofMillis(12_345))).isEqualTo("12.345 s");
    assertThat(RunMessage.duration(Duration.ofSeconds(123))).isEqualTo("2m 03s");
    assertThat(RunMessage.duration(Duration.ofSeconds(3723))).isEqualTo("1h 02m 03s");
    assertThat(RunMessage.duration(Duration.ofMillis(-5))).isEqualTo("0 ms");
  }
}
