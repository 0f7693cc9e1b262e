package io.pipelinescheduler.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.CommandJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandJobSettingsTest {

  @Test
  void of_uses_the_documented_defaults() {
    CommandJob job = CommandJob.of("backup.sh", "--full", "two words");

    assertThat(job.program()).isEqualTo("backup.sh");
    assertThat(job.arguments()).containsExactly("--full", "two words");
    assertThat(job.workingDirectory()).isEmpty();
    assertThat(job.environment()).isEmpty();
    assertThat(job.expectedExitCodes()).containsExactly(0);
    assertThat(job.outputFiles()).isEmpty();
    assertThat(job.outputWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(job.outputLimit()).isEqualTo(65536);
  }

  @Test
  void each_setter_returns_a_changed_copy_and_leaves_the_original_alone() {
    CommandJob original = CommandJob.of("backup.sh");

    CommandJob changed =
        original
            .workingDirectory(Path.of("/var/backups"))
            .environment(Map.of("TARGET", "s3"))
            .expectedExitCodes(3, 0, 3)
            .outputFiles(Path.of("a.tar"), Path.of("/abs/b.tar"))
            .outputWait(Duration.ofSeconds(5))
            .outputLimit(100);

    assertThat(original).isEqualTo(CommandJob.of("backup.sh"));
    assertThat(changed.workingDirectory()).contains(Path.of("/var/backups"));
    assertThat(changed.environment()).containsExactly(Map.entry("TARGET", "s3"));
    assertThat(changed.expectedExitCodes()).containsExactly(0, 3);
    assertThat(changed.outputFiles()).containsExactly(Path.of("a.tar"), Path.of("/abs/b.tar"));
    assertThat(changed.outputWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(changed.outputLimit()).isEqualTo(100);
    assertThat(changed).isNotEqualTo(original);
  }

  @Test
  void the_collections_it_returns_cannot_be_changed() {
    Map<String, String> variables = new HashMap<>(Map.of("A", "1"));
    CommandJob job = CommandJob.of("x", "arg").environment(variables).outputFiles(Path.of("f"));

    variables.put("B", "2");

    assertThat(job.environment()).containsOnlyKeys("A");
    assertThatThrownBy(() -> job.arguments().add("more"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> job.environment().put("C", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> job.expectedExitCodes().add(1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> job.outputFiles().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_blank_program_is_rejected_with_the_value_quoted() {
    assertThatThrownBy(() -> CommandJob.of("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("program must not be blank: '  '");
  }

  @Test
  void null_arguments_get_a_null_pointer_exception_naming_the_parameter() {
    CommandJob job = CommandJob.of("x");

    assertThatThrownBy(() -> CommandJob.of(null)).hasMessage("program");
    assertThatThrownBy(() -> CommandJob.of("x", "a", null)).hasMessage("args[1]");
    assertThatThrownBy(() -> job.workingDirectory(null)).hasMessage("directory");
    assertThatThrownBy(() -> job.environment(null)).hasMessage("variables");
    assertThatThrownBy(() -> job.expectedExitCodes((int[]) null)).hasMessage("codes");
    assertThatThrownBy(() -> job.outputFiles(Path.of("a"), null)).hasMessage("files[1]");
    assertThatThrownBy(() -> job.outputWait(null)).hasMessage("wait");
  }

  @Test
  void a_null_environment_value_is_rejected_naming_the_variable() {
    Map<String, String> variables = new HashMap<>();
    variables.put("TARGET", null);

    assertThatThrownBy(() -> CommandJob.of("x").environment(variables))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value of environment variable 'TARGET'");
  }

  @Test
  void an_environment_variable_name_with_an_equals_sign_is_rejected() {
    assertThatThrownBy(() -> CommandJob.of("x").environment(Map.of("A=B", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid environment variable name: 'A=B'");
  }

  @Test
  void an_empty_array_of_expected_exit_codes_is_rejected() {
    // With no arguments at all, expectedExitCodes() is the getter; only an empty array gets here.
    int[] none = new int[0];

    assertThatThrownBy(() -> CommandJob.of("x").expectedExitCodes(none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one exit code");
  }

  @Test
  void a_negative_output_limit_is_rejected_with_the_value() {
    assertThatThrownBy(() -> CommandJob.of("x").outputLimit(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputLimit must not be negative: -1");
  }

  @Test
  void a_negative_output_wait_is_rejected_with_the_value() {
    assertThatThrownBy(() -> CommandJob.of("x").outputWait(Duration.ofSeconds(-2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputWait must not be negative: PT-2S");
  }
}
