package io.pipelinescheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.cli.CliProcess.Result;
import io.pipelinescheduler.http.SchedulerHttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, run as a child process, against a real scheduler with its REST server (started
 * here, on a SQLite file) and against that SQLite file directly.
 */
class SchedulerCliIT {
  private static final String TOKEN = "cli-it-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static PipelineScheduler scheduler;
  private static SchedulerHttpServer server;
  private static String url;
  private static Path db;

  @BeforeAll
  static void startScheduler() {
    db = dir.resolve("scheduler.db");
    scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder().dbPath(db).refreshInterval(Duration.ofMillis(300)).build());
    scheduler.start();
    server =
        SchedulerHttpServer.builder(scheduler)
            .port(0)
            .token(TOKEN)
            .allowCommandJobs(true)
            .tokenFile(dir.resolve("http.token"))
            .start();
    url = server.url().toString();
  }

  @AfterAll
  static void stopScheduler() {
    server.close();
    scheduler.close();
  }

  /** Defines command schedules as the REST API would, from the export format. */
  private static void define(String name, String timing, String program, String... arguments) {
    StringBuilder args = new StringBuilder();
    for (String argument : arguments) {
      args.append(args.length() == 0 ? "" : ",").append(quote(argument));
    }
    scheduler.importSchedules(
        "[{\"name\":"
            + quote(name)
            + ",\"definition\":{\"timing\":"
            + timing
            + ",\"job\":{\"kind\":\"command\",\"program\":"
            + quote(program)
            + ",\"arguments\":["
            + args
            + "]}}}]");
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Result api(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--url=" + url);
    all.add("--token=" + TOKEN);
    return CliProcess.run(all.toArray(String[]::new));
  }

  private static Result onDb(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--db=" + db);
    return CliProcess.run(all.toArray(String[]::new));
  }

  private static JsonNode json(Result result) {
    assertThat(result.exit()).as(result.toString()).isZero();
    try {
      return JSON.readTree(result.out());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result, e);
    }
  }

  @Test
  void helpAndCompletion() {
    Result help = CliProcess.run("--help");
    assertThat(help.exit()).as(help.toString()).isZero();
    assertThat(help.out()).contains("list", "tail", "new", "Exit codes:");

    Result completion = CliProcess.run("completion");
    assertThat(completion.exit()).as(completion.toString()).isZero();
    assertThat(completion.out()).contains("complete -F", "scheduler-cli", "history", "--json");

    Result unknown = CliProcess.run("frobnicate");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
  }

  @Test
  void listsAndShowsSchedulesOverTheApiAndFromTheDatabase() {
    define("list_daily", "{\"kind\":\"daily\",\"at\":\"02:30\"}", "echo", "hi");

    Result table = api("list");
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out()).contains("NAME", "list_daily", "DAILY");

    JsonNode listed = json(api("list", "--json"));
    assertThat(listed.findValuesAsText("name")).contains("list_daily");

    JsonNode shown = json(api("show", "list_daily", "--json"));
    assertThat(shown.path("type").asText()).isEqualTo("DAILY");
    assertThat(shown.path("definition").path("job").path("program").asText()).isEqualTo("echo");
    assertThat(shown.path("nextRuns")).hasSize(5);

    JsonNode fromDb = json(onDb("list", "--json"));
    assertThat(fromDb.findValuesAsText("name")).contains("list_daily");
    Result shownFromDb = onDb("show", "list_daily");
    assertThat(shownFromDb.exit()).as(shownFromDb.toString()).isZero();
    assertThat(shownFromDb.out()).contains("DAILY", "\"program\" : \"echo\"");
  }

  @Test
  void runsWaitsAndShowsHistory() {
    define("run_ok", "{\"kind\":\"manual\"}", "echo", "all good");
    define("run_broken", "{\"kind\":\"manual\"}", "sh", "-c", "echo oops; exit 3");

    Result started = api("run", "run_ok", "--wait", "--json");
    JsonNode run = json(started);
    assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.path("output").asText()).contains("all good");

    Result broken = api("run", "run_broken", "--wait");
    assertThat(broken.exit()).as(broken.toString()).isEqualTo(6);
    assertThat(broken.err()).contains("FAILED");

    Result followed = api("run", "run_ok", "--follow");
    assertThat(followed.exit()).as(followed.toString()).isZero();
    assertThat(followed.out()).isEqualTo("all good\n");

    JsonNode history = json(api("history", "run_ok", "--json"));
    assertThat(history).hasSize(2);
    assertThat(history.get(1).path("runId").asText()).isEqualTo(run.path("runId").asText());

    // a run's end reaches the database behind the run
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> scheduler.getHistory("run_broken", 1).get(0).status().isFinal());
    Result fromDb = onDb("history", "run_broken");
    assertThat(fromDb.exit()).as(fromDb.toString()).isZero();
    assertThat(fromDb.out()).contains("RUN ID", "FAILED");
  }

  @Test
  void tailFollowsTheOutputLiveAndEndsWithTheRun() throws Exception {
    Path gate = dir.resolve("tail.gate");
    define(
        "tail_job",
        "{\"kind\":\"manual\"}",
        "sh",
        "-c",
        "echo tick 1; echo tick 2; while [ ! -f '"
            + gate
            + "' ]; do sleep 0.05; done; echo tick 3");
    ExecutionRecord started = scheduler.startRun("tail_job");

    Process tail = CliProcess.start(Map.of(), "tail", started.runId(), "--url=" + url);
    BufferedReader out = CliProcess.lines(tail);
    assertThat(out.readLine()).isEqualTo("tick 1");
    assertThat(out.readLine()).isEqualTo("tick 2");
    // shown while the run still waits for the gate: live, not at the end
    assertThat(scheduler.getRun(started.runId()).orElseThrow().status())
        .isEqualTo(ExecutionStatus.RUNNING);

    Files.createFile(gate);
    assertThat(out.readLine()).isEqualTo("tick 3");
    assertThat(out.readLine()).isNull();
    assertThat(tail.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(tail.exitValue()).isZero();

    // by schedule name: its latest run, ended, printed whole
    Result again = CliProcess.run("tail", "tail_job", "--url=" + url);
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).isEqualTo("tick 1\ntick 2\ntick 3\n");
  }

  @Test
  void cancelsARunningRun() {
    define(
        "cancel_me",
        "{\"kind\":\"manual\"}",
        "sh",
        "-c",
        "while [ ! -f '" + dir.resolve("never") + "' ]; do sleep 0.05; done");
    ExecutionRecord started = scheduler.startRun("cancel_me");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                scheduler.getRun(started.runId()).orElseThrow().status()
                    == ExecutionStatus.RUNNING);

    Result cancelled = api("cancel", started.runId());
    assertThat(cancelled.exit()).as(cancelled.toString()).isZero();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                scheduler.getRun(started.runId()).orElseThrow().status()
                    == ExecutionStatus.CANCELLED);

    Result again = api("cancel", started.runId());
    assertThat(again.exit()).as(again.toString()).isEqualTo(1);
    assertThat(again.err()).contains("not in flight");
  }

  @Test
  void enablesAndDisablesOverTheApiWithTheEnvironmentAndInTheDatabase() {
    define("switch_me", "{\"kind\":\"hourly\",\"minute\":5}", "echo", "x");

    Result disabled =
        CliProcess.run(
            Map.of("SCHEDULER_URL", url, "SCHEDULER_TOKEN", TOKEN), null, "disable", "switch_me");
    assertThat(disabled.exit()).as(disabled.toString()).isZero();
    assertThat(scheduler.getSchedule("switch_me").orElseThrow().enabled()).isFalse();

    Result enabled = api("enable", "switch_me");
    assertThat(enabled.exit()).as(enabled.toString()).isZero();
    assertThat(scheduler.getSchedule("switch_me").orElseThrow().enabled()).isTrue();

    JsonNode offInDb = json(onDb("disable", "switch_me", "--json"));
    assertThat(offInDb.path("enabled").asBoolean()).isFalse();
    // the running scheduler reads the edited row at its next refresh
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !scheduler.getSchedule("switch_me").orElseThrow().enabled());
  }

  @Test
  void exportAndImportRoundTrip() throws IOException {
    define("trip_a", "{\"kind\":\"weekly\",\"day\":\"MONDAY\",\"at\":\"09:00\"}", "echo", "a");
    define("trip_b", "{\"kind\":\"every\",\"every\":\"PT30M\"}", "echo", "b");
    Path file = dir.resolve("export.json");
    Result exported = onDb("export", "--output", file.toString());
    assertThat(exported.exit()).as(exported.toString()).isZero();
    JsonNode entries = JSON.readTree(file.toFile());
    assertThat(entries.findValuesAsText("name")).contains("trip_a", "trip_b");

    assertThat(api("delete", "trip_a").exit()).isZero();
    assertThat(scheduler.getSchedule("trip_a")).isEmpty();

    Result imported = api("import", file.toString());
    assertThat(imported.exit()).as(imported.toString()).isZero();
    ScheduleInfo back = scheduler.getSchedule("trip_a").orElseThrow();
    assertThat(back.spec()).contains("MONDAY");
    assertThat(JSON.readTree(api("export").out()).findValuesAsText("name"))
        .contains("trip_a", "trip_b");

    // and into the database directly: the running scheduler picks it up
    assertThat(onDb("delete", "trip_b").exit()).isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> scheduler.getSchedule("trip_b").isEmpty());
    Result intoDb = onDb("import", file.toString());
    assertThat(intoDb.exit()).as(intoDb.toString()).isZero();
    await().atMost(Duration.ofSeconds(20)).until(() -> scheduler.getSchedule("trip_b").isPresent());
  }

  @Test
  void exitCodesScriptsCanRelyOn() throws IOException {
    Result unknown = api("show", "no_such_schedule");
    assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(3);
    assertThat(unknown.err()).contains("no_such_schedule");
    assertThat(onDb("show", "no_such_schedule").exit()).isEqualTo(3);

    define("guarded", "{\"kind\":\"manual\"}", "echo", "g");
    Result wrongToken = CliProcess.run("disable", "guarded", "--url=" + url, "--token=wrong");
    assertThat(wrongToken.exit()).as(wrongToken.toString()).isEqualTo(5);
    assertThat(scheduler.getSchedule("guarded").orElseThrow().enabled()).isTrue();

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Result unreachable = CliProcess.run("list", "--url=http://127.0.0.1:" + closedPort);
    assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(4);
    assertThat(CliProcess.run("list", "--db=" + dir.resolve("missing.db")).exit()).isEqualTo(4);

    assertThat(api("history", "guarded", "--limit", "0").exit()).isEqualTo(2);
    assertThat(onDb("run", "guarded").exit()).isEqualTo(2);

    Result health = api("health", "--json");
    assertThat(json(health).path("status").asText()).isIn("UP", "DEGRADED");
    assertThat(onDb("health").out()).contains("REACHABLE");
  }

  @Test
  void newBuildsAPipelineFromPipedAnswersThatThenRuns() throws IOException {
    Path produced = dir.resolve("produced.txt");
    String answers =
        String.join(
            "\n",
            "", // workflow name: workflow_1
            "", // timing: manual
            "", // zone: the scheduler's
            "1", // retries
            "5s", // first retry delay
            "", // timeout: none
            "", // step 1 name: task_1
            "sh", // command
            "-c 'echo first > \"" + produced + "\"'", // arguments
            "", // exit codes: 0
            produced.toString(), // output files to wait for
            "10s", // wait for them
            "", // continue on failure: n
            "2", // retries of this step alone
            "1s", // delay before each retry
            "5m", // timeout of each attempt
            "y", // another step
            "", // step 2 name: task_2
            "", // command: echo
            "", // arguments: task_2 done
            "", // exit codes
            "", // output files: none
            "", // continue on failure
            "", // retries of this step alone: 0
            "", // timeout of each attempt: none
            "", // another step: n
            "" // store: y
            );
    Result created = CliProcess.run(Map.of(), answers, "new", "--url=" + url, "--token=" + TOKEN);
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(created.out()).contains("created workflow_1");

    JsonNode definition = json(api("show", "workflow_1", "--json")).path("definition");
    assertThat(definition.path("maxRetries").asInt()).isEqualTo(1);
    assertThat(definition.path("firstRetryDelay").asText()).isEqualTo("PT5S");
    JsonNode steps = definition.path("job").path("steps");
    assertThat(steps.findValuesAsText("name")).containsExactly("task_1", "task_2");
    assertThat(steps.get(0).path("job").path("outputFiles").get(0).asText())
        .isEqualTo(produced.toString());
    assertThat(steps.get(0).path("maxRetries").asInt()).isEqualTo(2);
    assertThat(steps.get(0).path("retryDelay").asText()).isEqualTo("PT1S");
    assertThat(steps.get(0).path("timeout").asText()).isEqualTo("PT5M");
    assertThat(steps.get(1).path("maxRetries").asInt()).isZero();
    assertThat(steps.get(1).has("timeout")).isFalse();

    JsonNode run = json(api("run", "workflow_1", "--wait", "--json"));
    assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.path("output").asText()).contains("task_2 done");
    assertThat(Files.readString(produced)).isEqualTo("first\n");

    // every answer left to its default, into the database: workflow_2, one echo step
    Result defaults = CliProcess.run(Map.of(), "", "new", "--db=" + db);
    assertThat(defaults.exit()).as(defaults.toString()).isZero();
    assertThat(defaults.out()).contains("created workflow_2");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> scheduler.getSchedule("workflow_2").isPresent());
    JsonNode second = json(api("run", "workflow_2", "--wait", "--json"));
    assertThat(second.path("output").asText()).contains("task_1 done");

    Result bad = CliProcess.run(Map.of(), "\nsometimes\n", "new", "--url=" + url);
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("sometimes");
  }
}
