package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler wired to real collaborators: file locks, processes, an HTTP webhook. */
class WiringTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");

  @TempDir Path dir;

  @Test
  void two_schedulers_sharing_a_lock_directory_run_each_slot_exactly_once() {
    List<String> runs = new CopyOnWriteArrayList<>();
    SchedulerConfig.Builder shared =
        TestSchedulers.config(clock).distributed(true).lockBackend("file").lockDirectory(dir);
    try (PipelineScheduler a = PipelineScheduler.create(shared.instanceId("a").build());
        PipelineScheduler b = PipelineScheduler.create(shared.instanceId("b").build())) {
      for (PipelineScheduler scheduler : List.of(a, b)) {
        scheduler.scheduleInterval(
            "shared",
            context -> runs.add(context.scheduledTime().toString()),
            Duration.ofMinutes(1));
        scheduler.start();
      }

      clock.advance(Duration.ofMinutes(30));

      assertThat(runs).hasSize(30).doesNotHaveDuplicates();
      assertThat(a.healthCheck().details()).containsEntry("lockBackend", "file");
    }
  }

  @Test
  void a_command_job_past_its_timeout_has_its_process_tree_killed_and_is_timed_out()
      throws Exception {
    Path pidFile = dir.resolve("child.pid");
    Path script = dir.resolve("slow.sh");
    Files.writeString(script, "sleep 300 &\necho $! > " + pidFile + "\nwait\n");
    try (PipelineScheduler scheduler = TestSchedulers.started(clock)) {
      scheduler
          .schedule("slow-command")
          .manual()
          .timeout(Duration.ofMillis(500))
          .run(CommandJob.of("sh", script.toString()));

      ExecutionRecord record = scheduler.runNow("slow-command").get(30, TimeUnit.SECONDS);

      assertThat(record.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
      long childPid = Long.parseLong(Files.readString(pidFile).trim());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(childPid).map(p -> !p.isAlive()).orElse(true));
    }
  }

  @Test
  void a_command_job_output_is_kept_in_the_record() throws Exception {
    try (PipelineScheduler scheduler = TestSchedulers.started(clock)) {
      scheduler
          .schedule("echo")
          .manual()
          .run(CommandJob.of("sh", "-c", "echo out; echo err >&2; exit 3").expectedExitCodes(3));

      ExecutionRecord record = scheduler.runNow("echo").get(30, TimeUnit.SECONDS);

      assertThat(record.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(record.output()).contains("out").contains("[stderr] err");
    }
  }

  @Test
  void a_failed_run_is_posted_to_the_configured_webhook() throws IOException {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      URI hook = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
      try (PipelineScheduler scheduler =
          PipelineScheduler.create(TestSchedulers.config(clock).webhookUrl(hook).build())) {
        scheduler.start();
        scheduler.scheduleInterval(
            "nightly",
            context -> {
              throw new IllegalStateException("disk full");
            },
            Duration.ofHours(1));

        clock.advance(Duration.ofHours(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !bodies.isEmpty());
      }
    } finally {
      server.stop(0);
    }

    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).startsWith("{").contains("nightly").contains("disk full");
  }
}
