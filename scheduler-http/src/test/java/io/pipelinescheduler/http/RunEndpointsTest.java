package io.pipelinescheduler.http;

import static io.pipelinescheduler.http.TestServer.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.http.TestServer.Reply;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunEndpointsTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void run_now_answers_202_with_the_id_of_the_run_while_it_is_still_running() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    t.scheduler.schedule("slow").manual().run(ctx -> release.await(30, TimeUnit.SECONDS));

    Reply reply = t.post("/api/schedules/slow/run");

    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    String runId = reply.json().path("runId").asText();
    assertThat(reply.json().path("status").asText()).isIn("QUEUED", "RUNNING");
    assertThat(reply.json().path("scheduleName").asText()).isEqualTo("slow");
    assertThat(reply.header("Location")).isEqualTo("/api/runs/" + runId);
    ExecutionRecord newest = t.scheduler.getHistory("slow", 1).get(0);
    assertThat(newest.runId()).isEqualTo(runId);
    awaitStatus(runId, "RUNNING");
    release.countDown();
    awaitStatus(runId, "SUCCEEDED");
  }

  @Test
  void a_finished_run_is_served_with_its_captured_output() {
    t.scheduler.schedule("hello").manual().run(echo("hello from a command"));

    String runId = t.post("/api/schedules/hello/run").json().path("runId").asText();
    JsonNode run = awaitStatus(runId, "SUCCEEDED");

    assertThat(run.path("output").asText()).contains("hello from a command");
    assertThat(run.path("scheduleName").asText()).isEqualTo("hello");
    assertThat(run.path("trigger").asText()).isEqualTo("MANUAL");
    assertThat(run.path("success").asBoolean()).isTrue();
    assertThat(run.path("finishedAt").asText()).isNotEmpty();
    assertThat(run.path("error").isNull()).isTrue();
  }

  @Test
  void a_failing_command_run_is_failed_with_its_error() {
    t.scheduler.schedule("broken").manual().run(CommandJob.of("sh", "-c", "echo oops >&2; exit 3"));

    String runId = t.post("/api/schedules/broken/run").json().path("runId").asText();
    JsonNode run = awaitStatus(runId, "FAILED");

    assertThat(run.path("error").asText()).contains("3");
    assertThat(run.path("output").asText()).contains("oops");
  }

  @Test
  void cancel_stops_a_running_command_which_ends_cancelled() {
    t.scheduler.schedule("sleeper").manual().run(CommandJob.of("sleep", "60"));
    String runId = t.post("/api/schedules/sleeper/run").json().path("runId").asText();

    Reply reply = t.post("/api/runs/" + runId + "/cancel");

    assertThat(reply.status()).as(reply.body()).isEqualTo(202);
    assertThat(reply.json().path("cancelRequested").asBoolean()).isTrue();
    awaitStatus(runId, "CANCELLED");
  }

  @Test
  void cancelling_a_finished_run_answers_409_naming_its_status() {
    t.scheduler.schedule("quick").manual().run(echo("quick"));
    String runId = t.post("/api/schedules/quick/run").json().path("runId").asText();
    awaitStatus(runId, "SUCCEEDED");

    Reply reply = t.post("/api/runs/" + runId + "/cancel");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.error())
        .isEqualTo(
            "run '"
                + runId
                + "' of schedule 'quick' is not in flight on this instance (status SUCCEEDED);"
                + " nothing to cancel");
  }

  @Test
  void an_unknown_run_answers_404_to_get_and_cancel() {
    t.scheduler.schedule("quick").manual().run(echo("quick"));

    Reply get = t.get("/api/runs/no-such-run");
    Reply cancel = t.post("/api/runs/no-such-run/cancel");

    assertThat(get.status()).isEqualTo(404);
    assertThat(get.error()).isEqualTo("unknown run 'no-such-run'");
    assertThat(cancel.status()).isEqualTo(404);
  }

  @Test
  void a_scheduled_run_never_listed_by_the_server_is_found_by_its_id() {
    t.scheduler.scheduleInterval("tick", ctx -> ctx.appendOutput("tock"), Duration.ofMinutes(1));
    t.scheduler.scheduleInterval("other", ctx -> {}, Duration.ofMinutes(1));
    t.clock.advance(Duration.ofMinutes(2));
    String runId = t.scheduler.getHistory("tick", 1).get(0).runId();

    Reply reply = t.get("/api/runs/" + runId);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("output").asText()).contains("tock");
    assertThat(reply.json().path("scheduledTime").asText()).isEqualTo("2026-03-09T08:02:00Z");
  }

  @Test
  void a_run_of_a_removed_schedule_is_still_served() {
    t.scheduler.schedule("gone").manual().run(echo("still here"));
    String runId = t.post("/api/schedules/gone/run").json().path("runId").asText();
    awaitStatus(runId, "SUCCEEDED");

    t.delete("/api/schedules/gone");
    Reply reply = t.get("/api/runs/" + runId);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().path("output").asText()).contains("still here");
  }

  @Test
  void run_now_of_an_unknown_schedule_answers_404() {
    Reply reply = t.post("/api/schedules/nope/run");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).isEqualTo("unknown schedule 'nope'");
  }

  @Test
  void run_now_while_the_scheduler_is_stopped_answers_409() {
    t.scheduler.schedule("m").manual().run(echo("m"));
    t.scheduler.stop();

    Reply reply = t.post("/api/schedules/m/run");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.error())
        .isEqualTo("schedule 'm': the scheduler is not running; it cannot run now");
    assertThat(t.scheduler.getHistory("m", 1)).isEmpty();
  }

  @Test
  void a_pipeline_run_that_succeeded_with_a_failed_step_lists_its_steps_and_failed_steps() {
    t.scheduler.schedule("etl").manual().run(TestServer.etlWithAFailingNotify());

    String runId = t.post("/api/schedules/etl/run").json().path("runId").asText();
    JsonNode run = awaitStatus(runId, "SUCCEEDED");

    assertThat(run.path("success").asBoolean()).isTrue();
    assertThat(run.path("failedSteps").toString()).isEqualTo("[\"notify\"]");
    JsonNode steps = run.path("steps");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(0).path("name").asText()).isEqualTo("extract");
    assertThat(steps.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(steps.get(0).path("attempts").asInt()).isEqualTo(1);
    assertThat(steps.get(0).path("durationMs").isIntegralNumber()).isTrue();
    assertThat(steps.get(0).path("error").isNull()).isTrue();
    assertThat(steps.get(1).path("status").asText()).isEqualTo("FAILED");
    assertThat(steps.get(1).path("error").asText()).contains("exited with 4");
    JsonNode history = t.get("/api/schedules/etl/history").json();
    assertThat(history.get(0).path("failedSteps").toString()).isEqualTo("[\"notify\"]");
  }

  @Test
  void a_run_of_a_job_that_is_not_a_pipeline_has_empty_steps_and_failed_steps() {
    t.scheduler.schedule("hello").manual().run(echo("hi"));

    String runId = t.post("/api/schedules/hello/run").json().path("runId").asText();
    JsonNode run = awaitStatus(runId, "SUCCEEDED");

    assertThat(run.path("steps").isArray()).isTrue();
    assertThat(run.path("steps")).isEmpty();
    assertThat(run.path("failedSteps").isArray()).isTrue();
    assertThat(run.path("failedSteps")).isEmpty();
  }

  @Test
  void runs_of_every_schedule_are_listed_by_state_and_a_failed_one_is_retried() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    t.scheduler.schedule("broken").manual().run(CommandJob.of("sh", "-c", "exit 3"));
    t.scheduler.schedule("fine").manual().run(echo("fine"));
    t.scheduler.schedule("slow").manual().run(ctx -> release.await(30, TimeUnit.SECONDS));
    String failed = t.post("/api/schedules/broken/run").json().path("runId").asText();
    awaitStatus(failed, "FAILED");
    t.clock.advance(Duration.ofSeconds(1)); // runs that start at the same instant have no order
    awaitStatus(t.post("/api/schedules/fine/run").json().path("runId").asText(), "SUCCEEDED");
    t.clock.advance(Duration.ofSeconds(1));
    String running = t.post("/api/schedules/slow/run").json().path("runId").asText();
    awaitStatus(running, "RUNNING");
    try {
      Reply failedRuns = t.get("/api/runs?state=failed,TIMED_OUT");
      Reply runningRuns = t.get("/api/runs?state=RUNNING");
      Reply latestTwo = t.get("/api/runs?limit=2");
      JsonNode slow = t.get("/api/schedules/slow").json();

      assertThat(failedRuns.status()).as(failedRuns.body()).isEqualTo(200);
      assertThat(failedRuns.json()).hasSize(1);
      assertThat(failedRuns.json().get(0).path("runId").asText()).isEqualTo(failed);
      assertThat(failedRuns.json().get(0).path("scheduleName").asText()).isEqualTo("broken");
      assertThat(failedRuns.json().get(0).has("output")).isFalse();
      assertThat(runningRuns.json().get(0).path("runId").asText()).isEqualTo(running);
      assertThat(latestTwo.json()).hasSize(2);
      assertThat(latestTwo.json().get(0).path("runId").asText()).isEqualTo(running);
      assertThat(slow.path("running").asBoolean()).isTrue();
      assertThat(slow.path("runningSince").asText()).isEqualTo("2026-03-09T08:00:02Z");
      assertThat(t.get("/api/schedules/broken").json().path("successRate").asDouble())
          .isEqualTo(0.0);
      assertThat(t.get("/api/schedules/fine").json().path("successRate").asDouble()).isEqualTo(1.0);
      assertThat(t.get("/api/schedules").json())
          .filteredOn(schedule -> schedule.path("running").asBoolean())
          .extracting(schedule -> schedule.path("name").asText())
          .containsExactly("slow");
    } finally {
      release.countDown();
    }

    Reply retry = t.post("/api/runs/" + failed + "/retry");

    assertThat(retry.status()).as(retry.body()).isEqualTo(202);
    String again = retry.json().path("runId").asText();
    assertThat(again).isNotEqualTo(failed);
    assertThat(retry.json().path("scheduleName").asText()).isEqualTo("broken");
    assertThat(retry.header("Location")).isEqualTo("/api/runs/" + again);
    assertThat(awaitStatus(again, "FAILED").path("trigger").asText()).isEqualTo("MANUAL");
    assertThat(t.get("/api/runs?state=FAILED").json()).hasSize(2);
  }

  @Test
  void retry_refuses_a_run_that_succeeded_and_a_bad_state_names_the_value() {
    t.scheduler.schedule("fine").manual().run(echo("fine"));
    String runId = t.post("/api/schedules/fine/run").json().path("runId").asText();
    awaitStatus(runId, "SUCCEEDED");

    Reply retry = t.post("/api/runs/" + runId + "/retry");
    Reply badState = t.get("/api/runs?state=FAILED,BROKEN");
    Reply badLimit = t.get("/api/runs?limit=0");
    Reply unknown = t.post("/api/runs/no-such-run/retry");

    assertThat(retry.status()).isEqualTo(409);
    assertThat(retry.error())
        .isEqualTo(
            "run '"
                + runId
                + "' of schedule 'fine' is SUCCEEDED; only a run that ended"
                + " [FAILED, TIMED_OUT, CANCELLED, ABANDONED] can be retried");
    assertThat(t.scheduler.getHistory("fine", 10)).hasSize(1);
    assertThat(badState.status()).isEqualTo(400);
    assertThat(badState.error())
        .isEqualTo(
            "state has 'BROKEN'; use states separated by commas from [QUEUED, RUNNING,"
                + " SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ABANDONED]");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void retry_needs_the_token() {
    t.scheduler.schedule("broken").manual().run(CommandJob.of("sh", "-c", "exit 3"));
    String runId = t.post("/api/schedules/broken/run").json().path("runId").asText();
    awaitStatus(runId, "FAILED");

    Reply reply =
        t.send(
            HttpRequest.newBuilder(t.uri("/api/runs/" + runId + "/retry"))
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(t.scheduler.getHistory("broken", 10)).hasSize(1);
  }

  private JsonNode awaitStatus(String runId, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> t.get("/api/runs/" + runId).json(),
            run -> status.equals(run.path("status").asText()));
  }
}
