package io.pipelinescheduler.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.CommandJob.CommandFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CommandJobOutputFilesTest {
  @TempDir Path dir;
  private final FakeJobContext context = new FakeJobContext();

  @AfterEach
  void stop_the_background_writer_before_the_directory_is_deleted() throws Exception {
    Files.writeString(dir.resolve("stop"), "");
    Path pidFile = dir.resolve("writer.pid");
    if (Files.exists(pidFile)) {
      long pid = Processes.readPid(pidFile);
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      await().atMost(Duration.ofSeconds(20)).until(() -> !Processes.alive(pid));
    }
  }

  @Test
  void waits_for_a_file_that_a_background_writer_creates_and_grows_after_the_exit()
      throws Exception {
    Path script =
        Scripts.sh(
            dir,
            "export.sh",
            String.join(
                "\n",
                "(",
                "  sleep 0.3",
                "  echo part1 > report.csv",
                "  sleep 0.2",
                "  echo part2 >> report.csv",
                "  sleep 0.2",
                "  echo part3 >> report.csv",
                ") > /dev/null 2>&1 &",
                "echo exporting"));
    CommandJob job =
        CommandJob.of("sh", script.toString())
            .workingDirectory(dir)
            .outputFiles(Path.of("report.csv"))
            .outputWait(Duration.ofSeconds(30));

    job.run(context);

    assertThat(dir.resolve("report.csv")).hasContent("part1\npart2\npart3");
    assertThat(context.output()).isEqualTo("exporting\n");
  }

  @Test
  void a_file_that_never_appears_fails_the_run_naming_the_file() throws Exception {
    Path missing = dir.resolve("missing.csv");
    CommandJob job = CommandJob.of("true").outputFiles(missing).outputWait(Duration.ofMillis(300));

    assertThatThrownBy(() -> job.run(context))
        .isInstanceOfSatisfying(
            CommandFailedException.class, e -> assertThat(e.exitCode()).hasValue(0))
        .hasMessage("command 'true': output file '" + missing + "' did not appear within 300 ms");
  }

  @Test
  void a_file_still_growing_at_the_bound_fails_the_run_naming_the_file() throws Exception {
    Path script =
        Scripts.sh(
            dir,
            "slow.sh",
            String.join(
                "\n",
                "(",
                "  i=0",
                "  while [ $i -lt 400 ] && [ ! -e stop ]; do",
                "    echo row $i >> growing.csv",
                "    sleep 0.05",
                "    i=$((i+1))",
                "  done",
                ") > /dev/null 2>&1 &",
                "echo $! > writer.tmp && mv writer.tmp writer.pid"));
    Path growing = dir.resolve("growing.csv");
    CommandJob job =
        CommandJob.of("sh", script.toString())
            .workingDirectory(dir)
            .outputFiles(Path.of("growing.csv"))
            .outputWait(Duration.ofMillis(1500));

    assertThatThrownBy(() -> job.run(context))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageStartingWith(
            "command 'sh': output file '" + growing + "' was still being written after 1.500 s");
  }

  @Test
  void files_already_complete_at_the_exit_pass_after_the_settle_period() throws Exception {
    Path script = Scripts.sh(dir, "quick.sh", "echo a > a.txt\necho b > b.txt");
    CommandJob job =
        CommandJob.of("sh", script.toString())
            .workingDirectory(dir)
            .outputFiles(Path.of("a.txt"), dir.resolve("b.txt"));

    job.run(context);

    assertThat(dir.resolve("a.txt")).hasContent("a");
    assertThat(dir.resolve("b.txt")).hasContent("b");
  }

  @Test
  void output_files_are_not_awaited_when_the_exit_code_is_unexpected() throws Exception {
    CommandJob job =
        CommandJob.of("false")
            .outputFiles(dir.resolve("never.csv"))
            .outputWait(Duration.ofHours(1));

    assertThatThrownBy(() -> job.run(context))
        .isInstanceOf(CommandFailedException.class)
        .hasMessage("command 'false' exited with 1; expected [0]");
  }

  @Test
  void cancelling_while_waiting_for_an_output_file_stops_the_wait() throws Exception {
    CommandJob job =
        CommandJob.of("true").outputFiles(dir.resolve("never.csv")).outputWait(Duration.ofHours(1));
    JobThread running = JobThread.start(job, context);
    await().atMost(Duration.ofSeconds(20)).until(() -> running.isInside("OutputFileWaiter"));

    context.cancel();
    Throwable thrown = running.awaitEnd(Duration.ofSeconds(20));

    assertThat(thrown)
        .isInstanceOf(InterruptedException.class)
        .hasMessage(
            "command 'true' cancelled while waiting for output file '"
                + dir.resolve("never.csv")
                + "'");
  }
}
