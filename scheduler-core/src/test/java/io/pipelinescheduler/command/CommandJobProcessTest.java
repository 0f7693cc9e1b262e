package io.pipelinescheduler.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.CommandJob.CommandFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CommandJobProcessTest {
  @TempDir Path dir;
  private final FakeJobContext context = new FakeJobContext();

  @Test
  void captures_stdout_and_stderr_with_stderr_lines_prefixed() throws Exception {
    Path script = Scripts.sh(dir, "both.sh", "echo to-out\necho to-err >&2\necho out-again");

    CommandJob.of("sh", script.toString()).run(context);

    assertThat(context.output().lines())
        .containsExactlyInAnyOrder("to-out", "[stderr] to-err", "out-again");
    assertThat(context.output()).endsWith("\n").contains("to-out\n").contains("out-again\n");
  }

  @Test
  void runs_an_executable_script_directly_without_naming_the_interpreter() throws Exception {
    Path script = Scripts.sh(dir, "direct.sh", "echo direct");

    CommandJob.of(script.toString()).run(context);

    assertThat(context.output()).isEqualTo("direct\n");
  }

  @Test
  void passes_arguments_verbatim_without_a_shell() throws Exception {
    Path script = Scripts.sh(dir, "args.sh", "for a in \"$@\"; do printf '<%s>\\n' \"$a\"; done");

    CommandJob.of("sh", script.toString(), "two words", "$HOME", "*", "").run(context);

    assertThat(context.output()).isEqualTo("<two words>\n<$HOME>\n<*>\n<>\n");
  }

  @Test
  void runs_in_the_working_directory() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));

    CommandJob.of("pwd").workingDirectory(work).run(context);

    assertThat(Path.of(context.output().strip()).toRealPath()).isEqualTo(work.toRealPath());
  }

  @Test
  void adds_environment_variables_to_the_inherited_environment() throws Exception {
    Path script =
        Scripts.sh(
            dir,
            "env.sh",
            "echo \"greeting=$GREETING\"\n[ -n \"$PATH\" ] && echo \"path inherited\"");

    CommandJob.of("sh", script.toString()).environment(Map.of("GREETING", "hello")).run(context);

    assertThat(context.output()).isEqualTo("greeting=hello\npath inherited\n");
  }

  @Test
  void gives_the_program_an_empty_stdin_so_a_reader_ends_at_once() throws Exception {
    CommandJob.of("cat").run(context);

    assertThat(context.output()).isEmpty();
  }

  @Test
  void accepts_exit_code_3_when_it_is_expected() throws Exception {
    Path script = Scripts.sh(dir, "three.sh", "echo partial\nexit 3");

    CommandJob.of("sh", script.toString()).expectedExitCodes(0, 3).run(context);

    assertThat(context.output()).isEqualTo("partial\n");
  }

  @Test
  void an_unexpected_exit_code_fails_naming_program_code_expected_codes_and_stderr()
      throws Exception {
    Path script = Scripts.sh(dir, "backup.sh", "echo 'disk full' >&2\nexit 3");
    CommandJob job = CommandJob.of(script.toString()).workingDirectory(dir);

    assertThatThrownBy(() -> job.run(context))
        .isInstanceOfSatisfying(
            CommandFailedException.class,
            e -> {
              assertThat(e.exitCode()).hasValue(3);
              assertThat(e.program()).isEqualTo(script.toString());
            })
        .hasMessage("command '" + script + "' exited with 3; expected [0]; stderr: disk full");
    assertThat(context.output()).isEqualTo("[stderr] disk full\n");
  }

  @Test
  void the_stderr_in_a_failure_message_is_only_its_tail() throws Exception {
    Path script =
        Scripts.sh(
            dir,
            "noisy.sh",
            "i=0; while [ $i -lt 200 ]; do echo \"error line $i\" >&2;"
                + " i=$((i+1)); done\nexit 1");

    assertThatThrownBy(() -> CommandJob.of("sh", script.toString()).run(context))
        .hasMessageStartingWith("command 'sh' exited with 1; expected [0]; stderr: ...")
        .hasMessageEndingWith("error line 199")
        .hasMessageNotContaining("error line 100\n");
  }

  @Test
  void keeps_only_the_output_limit_and_marks_the_truncation() throws Exception {
    CommandJob.of("printf", "abcdefghijklmnop").outputLimit(10).run(context);

    assertThat(context.output()).isEqualTo("abcdefghij\n[output truncated after 10 bytes]\n");
  }

  @Test
  void truncation_never_cuts_a_utf8_character_in_half() throws Exception {
    // Three times U+00E9 (two bytes each in UTF-8), written as octal escapes so that the test does
    // not depend on how the JVM encodes arguments.
    Path script = Scripts.sh(dir, "accents.sh", "printf '\\303\\251\\303\\251\\303\\251'");

    CommandJob.of("sh", script.toString()).outputLimit(3).run(context);

    assertThat(context.output()).isEqualTo("\u00e9\n[output truncated after 3 bytes]\n");
  }

  @Test
  void an_output_limit_of_zero_keeps_only_the_marker() throws Exception {
    CommandJob.of("echo", "hello").outputLimit(0).run(context);

    assertThat(context.output()).isEqualTo("[output truncated after 0 bytes]\n");
  }

  @Test
  void every_stderr_line_is_prefixed_even_when_several_arrive_at_once() throws Exception {
    CommandJob.of("sh", "-c", "printf 'one\\ntwo\\nthree\\n' >&2").run(context);

    assertThat(context.output()).isEqualTo("[stderr] one\n[stderr] two\n[stderr] three\n");
  }

  @Test
  void a_script_printing_one_megabyte_runs_to_its_end_and_its_output_stays_bounded()
      throws Exception {
    Path script =
        Scripts.sh(
            dir,
            "flood.sh",
            "yes 0123456789abcdef | head -c 1048576\n"
                + "yes fedcba9876543210 | head -c 1048576 >&2\n"
                + "echo finished > finished.txt");

    CommandJob.of("sh", script.toString()).workingDirectory(dir).run(context);

    assertThat(dir.resolve("finished.txt")).hasContent("finished");
    assertThat(context.output())
        .startsWith("0123456789abcdef\n")
        .endsWith("\n[output truncated after 65536 bytes]\n")
        .doesNotContain("fedcba");
    assertThat(context.output().length()).isLessThan(65536 + 100);
  }

  @Test
  void streams_lines_into_the_output_while_the_process_still_runs() throws Exception {
    Path go = dir.resolve("go");
    Optional<String> python3 = Scripts.python3();
    CommandJob job;
    if (python3.isPresent()) {
      Path script =
          Scripts.python(
              dir,
              "stream.py",
              String.join(
                  "\n",
                  "import os, sys, time",
                  "print('first line', flush=True)",
                  "while not os.path.exists(sys.argv[1]):",
                  "    time.sleep(0.05)",
                  "print('second line', flush=True)"));
      job = CommandJob.of(python3.get(), script.toString(), go.toString());
    } else {
      System.out.println("python3 not found on the PATH: streaming is tested with sh instead");
      Path script =
          Scripts.sh(
              dir,
              "stream.sh",
              "echo 'first line'\nwhile [ ! -e \"$1\" ]; do sleep 0.05; done\necho 'second line'");
      job = CommandJob.of("sh", script.toString(), go.toString());
    }

    JobThread running = JobThread.start(job, context);
    await().atMost(Duration.ofSeconds(20)).until(() -> context.output().equals("first line\n"));
    assertThat(running.isRunning()).isTrue();
    Files.createFile(go);
    Throwable thrown = running.awaitEnd(Duration.ofSeconds(20));

    assertThat(thrown).isNull();
    assertThat(context.output()).isEqualTo("first line\nsecond line\n");
  }

  @Test
  void a_program_that_does_not_exist_fails_naming_it_and_the_working_directory() {
    CommandJob job = CommandJob.of("no-such-program-4711").workingDirectory(dir);

    assertThatThrownBy(() -> job.run(context))
        .isInstanceOfSatisfying(
            CommandFailedException.class, e -> assertThat(e.exitCode()).isEmpty())
        .hasMessageStartingWith(
            "command 'no-such-program-4711' could not be started in working directory '"
                + dir.toAbsolutePath()
                + "'")
        .hasMessageContaining("No such file or directory");
  }

  @Test
  void a_missing_working_directory_fails_naming_it() {
    Path missing = dir.resolve("not-there");

    assertThatThrownBy(() -> CommandJob.of("pwd").workingDirectory(missing).run(context))
        .isInstanceOf(CommandFailedException.class)
        .hasMessage(
            "command 'pwd' could not be started: working directory '"
                + missing
                + "' does not exist or is not a directory");
  }

  @Test
  void output_lines_of_the_two_streams_are_never_glued_together() throws Exception {
    Path script = Scripts.sh(dir, "partial.sh", "printf 'no newline'\nprintf 'err no newline' >&2");

    CommandJob.of("sh", script.toString()).run(context);

    assertThat(context.output().lines())
        .containsExactlyInAnyOrderElementsOf(List.of("no newline", "[stderr] err no newline"));
  }
}
