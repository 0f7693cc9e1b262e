package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.Trigger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chain extract → transform → load (issue 18, item 1) on one store (a SQLite file, an embedded
 * PostgreSQL) shared by two JVMs: each step runs where its job type is registered, triggered by the
 * step before it; and a trigger written by a process killed before the downstream ran runs exactly
 * once after a restart.
 */
class WorkflowAcrossInstancesIT {
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path directory;

  private final List<Process> children = new CopyOnWriteArrayList<>();
  private final List<String> childLines = new CopyOnWriteArrayList<>();

  /**
   * A store given as one text (passed to a child JVM as it is): a SQLite file's path, or {@code
   * <jdbc url> <user> <password>} for PostgreSQL.
   */
  static SchedulerConfig.Builder store(String store) {
    String[] parts = store.split(" ");
    return parts.length == 1
        ? SchedulerConfig.builder().dbPath(Path.of(store))
        : SchedulerConfig.builder().dbUrl(parts[0]).dbUser(parts[1]).dbPassword(parts[2]);
  }

  /** Heartbeats every 200 ms, a claim is stale after 2 s. */
  static SchedulerConfig config(String store, String instanceId) {
    return store(store)
        .instanceId(instanceId)
        .heartbeatInterval(Duration.ofMillis(200))
        .heartbeatTimeout(Duration.ofSeconds(2))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  /** extract (manual) → transform → load, each a job type of its own name. */
  static void defineChain(PipelineScheduler scheduler) {
    scheduler.schedule("extract").manual().run("extract", Map.of());
    scheduler.schedule("transform").after("extract").run("transform", Map.of());
    scheduler.schedule("load").after("transform").run("load", Map.of());
  }

  @AfterEach
  void killChildren() throws InterruptedException {
    for (Process child : children) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  void the_chain_runs_across_two_instances_each_step_where_its_job_type_is(String database)
      throws Exception {
    String store = newStore(database);
    try (PipelineScheduler a = PipelineScheduler.create(config(store, "instance-a"))) {
      a.registerJobType("extract", (context, params) -> {});
      defineChain(a);
      a.start();
      startChild(store, "instance-b", "transform,load", "join", "wait");

      a.runNow("extract").get(30, TimeUnit.SECONDS);

      await().atMost(WAIT).until(() -> finished(a, "load"));
      ExecutionRecord extract = only(a, "extract");
      ExecutionRecord transform = only(a, "transform");
      ExecutionRecord load = only(a, "load");
      assertThat(extract.node()).isEqualTo("instance-a");
      for (ExecutionRecord step : List.of(transform, load)) {
        assertThat(step.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(step.trigger()).isEqualTo(Trigger.UPSTREAM);
        assertThat(step.node()).isEqualTo("instance-b");
      }
      assertThat(transform.startedAt()).isAfterOrEqualTo(extract.finishedAt());
      assertThat(load.startedAt()).isAfterOrEqualTo(transform.finishedAt());
      assertThat(childLines)
          .filteredOn(line -> line.startsWith("ran "))
          .containsExactly("ran transform " + transform.runId(), "ran load " + load.runId());
    }
  }

  @Test
  void a_trigger_written_before_a_kill_runs_the_downstream_once_after_the_restart()
      throws Exception {
    String store = newStore("sqlite");
    // The first process can run only extract: its success leaves transform's trigger in the store.
    Process first = startChild(store, "instance-a", "extract", "define", "run");
    try (PipelineScheduler observer = PipelineScheduler.create(config(store, "observer"))) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  finished(observer, "extract")
                      && observer.getHistory("transform", 10).stream()
                          .anyMatch(run -> run.status() == ExecutionStatus.QUEUED));
    }
    first.destroyForcibly(); // SIGKILL, before anything ran transform
    first.waitFor(30, TimeUnit.SECONDS);
    assertThat(childLines).filteredOn(line -> line.startsWith("ran ")).hasSize(1);

    List<String> ran = new CopyOnWriteArrayList<>();
    try (PipelineScheduler restarted = PipelineScheduler.create(config(store, "instance-a"))) {
      for (String type : List.of("extract", "transform", "load")) {
        restarted.registerJobType(type, (context, params) -> ran.add(type));
      }
      restarted.start();

      await().atMost(WAIT).until(() -> finished(restarted, "load"));
      restarted.stop();

      assertThat(ran).containsExactly("transform", "load");
      assertThat(only(restarted, "extract").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      for (String step : List.of("transform", "load")) {
        ExecutionRecord run = only(restarted, step);
        assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo(Trigger.UPSTREAM);
      }
    }
  }

  private static boolean finished(PipelineScheduler scheduler, String name) {
    return scheduler.getHistory(name, 10).stream().anyMatch(run -> run.status().isFinal());
  }

  private static ExecutionRecord only(PipelineScheduler scheduler, String name) {
    List<ExecutionRecord> runs = scheduler.getHistory(name, 10);
    assertThat(runs).as("runs of %s", name).hasSize(1);
    return runs.get(0);
  }

  private String newStore(String database) {
    if (database.equals("sqlite")) {
      return directory.resolve("flow.db").toString();
    }
    PostgresServer server = PostgresServer.shared();
    return server.newSchemaUrl("flow") + " " + server.user() + " " + server.password();
  }

  private Process startChild(String store, String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                WorkflowChildMain.class.getName(),
                store));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    children.add(child);
    Thread reader = new Thread(() -> readLines(child));
    reader.setDaemon(true);
    reader.start();
    await().atMost(WAIT).until(() -> childLines.contains("ready") || !child.isAlive());
    assertThat(child.isAlive()).as("child output: %s", childLines).isTrue();
    return child;
  }

  private void readLines(Process child) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        childLines.add(line);
      }
    } catch (IOException e) {
      // the child was killed
    }
  }
}
