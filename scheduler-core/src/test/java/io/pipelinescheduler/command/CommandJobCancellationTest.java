package io.pipelinescheduler.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.Pipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CommandJobCancellationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final FakeJobContext context = new FakeJobContext();
  private final List<Long> pidsToCleanUp = new ArrayList<>();

  @AfterEach
  void kill_anything_a_failing_test_left_behind() {
    pidsToCleanUp.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  /** A script whose tree is: sh (the job) -> sleep 300, and sh -> sh -> sleep 300. */
  private CommandJob treeOfSleepers() throws IOException {
    Path script =
        Scripts.sh(
            dir,
            "tree.sh",
            String.join(
                "\n",
                "echo $$ > parent.tmp && mv parent.tmp parent.pid",
                "sh -c 'sleep 300 & echo $! > grandchild.tmp && mv grandchild.tmp grandchild.pid;"
                    + " wait' &",
                "sleep 300 &",
                "echo $! > child.tmp && mv child.tmp child.pid",
                "echo started",
                "wait"));
    return CommandJob.of("sh", script.toString()).workingDirectory(dir);
  }

  private List<Long> awaitPids(String... names) {
    await()
        .atMost(PATIENCE)
        .until(() -> List.of(names).stream().allMatch(n -> Files.exists(dir.resolve(n))));
    List<Long> pids = new ArrayList<>();
    for (String name : names) {
      try {
        pids.add(Processes.readPid(dir.resolve(name)));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    pidsToCleanUp.addAll(pids);
    return pids;
  }

  @Test
  void interrupting_the_job_thread_kills_the_whole_process_tree() throws Exception {
    JobThread running = JobThread.start(treeOfSleepers(), context);
    List<Long> pids = awaitPids("parent.pid", "child.pid", "grandchild.pid");
    assertThat(pids).allMatch(Processes::alive);

    running.interrupt();
    Throwable thrown = running.awaitEnd(PATIENCE);

    assertThat(thrown)
        .isInstanceOf(InterruptedException.class)
        .hasMessage("command 'sh' cancelled while it was running; its process tree was killed");
    assertThat(pids).noneMatch(Processes::alive);
  }

  @Test
  void cancelling_the_context_kills_the_whole_process_tree() throws Exception {
    JobThread running = JobThread.start(treeOfSleepers(), context);
    List<Long> pids = awaitPids("parent.pid", "child.pid", "grandchild.pid");

    context.cancel();
    Throwable thrown = running.awaitEnd(PATIENCE);

    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(pids).noneMatch(Processes::alive);
    assertThat(context.output()).isEqualTo("started\n");
  }

  @Test
  void a_run_cancelled_before_it_starts_never_starts_the_program() throws Exception {
    Path script = Scripts.sh(dir, "touch.sh", "touch ran.txt");
    context.cancel();

    assertThatThrownBy(
            () -> CommandJob.of("sh", script.toString()).workingDirectory(dir).run(context))
        .isInstanceOf(InterruptedException.class)
        .hasMessage("command 'sh' cancelled before it started");
    assertThat(dir.resolve("ran.txt")).doesNotExist();
  }

  @Test
  void cancelling_a_pipeline_kills_the_process_of_its_running_command_step() throws Exception {
    Path never = dir.resolve("never.txt");
    Pipeline pipeline =
        Pipeline.named("nightly")
            .step("sleepers", treeOfSleepers())
            .continueOnFailure()
            .step("after", ctx -> Files.createFile(never));
    JobThread running = JobThread.start(pipeline, context);
    List<Long> pids = awaitPids("parent.pid", "child.pid", "grandchild.pid");

    running.interrupt();
    Throwable thrown = running.awaitEnd(PATIENCE);

    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(pids).noneMatch(Processes::alive);
    assertThat(never).doesNotExist();
    assertThat(context.output()).contains("step 'sleepers' cancelled after ");
  }
}
