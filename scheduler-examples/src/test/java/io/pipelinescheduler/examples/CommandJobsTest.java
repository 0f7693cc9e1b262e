package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandJobsTest {
  @TempDir Path workDir;

  @Test
  void runs_the_shell_and_python_scripts_and_prints_their_output_and_status() throws Exception {
    String interpreter = onPath("python3").isPresent() ? "python3" : "sh (no python3 here)";

    ExampleProcess.Result result = ExampleProcess.run(workDir, CommandJobs.class);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertCommandResults(result.output());
    assertThat(result.output()).contains("summary ran with " + interpreter + "\n");
  }

  @Test
  void runs_the_summary_with_sh_when_there_is_no_python3() throws Exception {
    Path bin = Files.createDirectory(workDir.resolve("bin")); // a PATH with sh, awk and sleep only
    for (String program : new String[] {"sh", "awk", "sleep"}) {
      Path wrapper =
          Files.writeString(
              bin.resolve(program),
              "#!/bin/sh\nexec '" + onPath(program).orElseThrow() + "' \"$@\"\n");
      assertThat(wrapper.toFile().setExecutable(true)).isTrue();
    }

    ExampleProcess.Result result =
        ExampleProcess.run(workDir, CommandJobs.class, env -> env.put("PATH", bin.toString()));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertCommandResults(result.output());
    assertThat(result.output()).contains("summary ran with sh (no python3 here)\n");
  }

  private static void assertCommandResults(String output) {
    // A program's stdout and stderr are two pipes read by two threads: the order of lines across
    // them is not defined, so each is checked only against the run's heading and the next one.
    assertThat(output)
        .containsSubsequence(
            "== export: SUCCEEDED", "exporting orders to ", "== summary: SUCCEEDED")
        .containsSubsequence(
            "== export: SUCCEEDED",
            "[stderr] warning: no new orders since yesterday",
            "== summary: SUCCEEDED",
            "summary: {\"orders\": 2, \"total\": 34.9}",
            "== check-disk: FAILED",
            "error: io.pipelinescheduler.CommandJob$CommandFailedException: command 'sh' exited"
                + " with 2; expected [0]; stderr: disk /data is 97% full",
            "[stderr] disk /data is 97% full")
        .contains("orders.csv: [id,amount, 1,9.90, 2,25.00]\n")
        .contains("summary.json: {\"orders\": 2, \"total\": 34.9}\n");
  }

  private static Optional<Path> onPath(String program) {
    return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
