package io.pipelinescheduler.http;

import static io.pipelinescheduler.http.TestServer.echo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.http.TestServer.Reply;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScheduleEndpointsTest {
  private static final String NIGHTLY =
      """
      {"name": "nightly",
       "definition": {
         "timing": {"kind": "cron", "expression": "0 9 * * 1-5"},
         "zone": "America/New_York",
         "job": {"kind": "command", "program": "sh", "arguments": ["-c", "echo nightly"]}}}
      """;

  private final TestServer t = new TestServer(builder -> builder.allowCommandJobs(true));

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void lists_every_schedule_sorted_by_name_with_type_zone_next_run_and_last_outcome() {
    t.scheduler.scheduleDaily("b-code", ctx -> {}, 10, 30, ZoneId.of("Europe/Berlin"));
    t.scheduler.schedule("a-manual").manual().run(echo("a"));
    t.post("/api/schedules/a-manual/run");
    awaitLastOutcome("a-manual", "SUCCEEDED");

    Reply reply = t.get("/api/schedules");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    JsonNode list = reply.json();
    assertThat(list).hasSize(2);
    JsonNode manual = list.get(0);
    assertThat(manual.path("name").asText()).isEqualTo("a-manual");
    assertThat(manual.path("type").asText()).isEqualTo("MANUAL");
    assertThat(manual.path("enabled").asBoolean()).isTrue();
    assertThat(manual.path("nextRun").isNull()).isTrue();
    assertThat(manual.path("lastOutcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(manual.path("dataDefined").asBoolean()).isTrue();
    assertThat(manual.path("definition").path("job").path("program").asText()).isEqualTo("sh");
    JsonNode code = list.get(1);
    assertThat(code.path("name").asText()).isEqualTo("b-code");
    assertThat(code.path("type").asText()).isEqualTo("DAILY");
    assertThat(code.path("timezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(code.path("description").asText()).isNotBlank();
    assertThat(code.path("nextRun").asText()).isEqualTo("2026-03-09T10:30:00+01:00");
    assertThat(code.path("lastOutcome").isNull()).isTrue();
    assertThat(code.path("dataDefined").asBoolean()).isFalse();
    assertThat(code.path("definition").isNull()).isTrue();
  }

  @Test
  void creates_a_command_schedule_from_one_object_and_answers_201_with_its_view() {
    Reply reply = t.post("/api/schedules", NIGHTLY);

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    assertThat(reply.header("Location")).isEqualTo("/api/schedules/nightly");
    JsonNode view = reply.json();
    assertThat(view.path("name").asText()).isEqualTo("nightly");
    assertThat(view.path("type").asText()).isEqualTo("CRON");
    assertThat(view.path("spec").asText()).isEqualTo("0 9 * * 1-5");
    assertThat(view.path("timezone").asText()).isEqualTo("America/New_York");
    assertThat(view.path("nextRun").asText()).isEqualTo("2026-03-09T09:00:00-04:00");
    assertThat(t.scheduler.getSchedule("nightly")).isPresent();
    assertThat(t.scheduler.exportSchedules()).contains("echo nightly");
  }

  @Test
  void creates_a_pipeline_a_job_type_and_an_interval_from_one_array() {
    t.scheduler.registerJobType("send-invoice", (ctx, params) -> {});
    String body =
        """
        [{"name": "etl", "definition": {
            "timing": {"kind": "daily", "at": "02:00"},
            "job": {"kind": "pipeline", "name": "etl", "steps": [
              {"name": "extract", "job": {"program": "true"}},
              {"name": "load", "continueOnFailure": true,
               "job": {"kind": "command", "program": "sh", "arguments": ["-c", "exit 0"]}}]}}},
         {"name": "invoice-42", "definition": {
            "timing": {"kind": "once", "at": "2026-03-10T12:00:00Z"},
            "job": {"kind": "jobType", "jobType": "send-invoice", "params": {"id": 42}}}},
         {"name": "poll", "definition": {
            "timing": {"kind": "every", "minutes": 5},
            "job": {"kind": "command", "program": "true"}}}]
        """;

    Reply reply = t.post("/api/schedules", body);

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    assertThat(reply.json())
        .extracting(node -> node.path("name").asText())
        .containsExactly("etl", "invoice-42", "poll");
    assertThat(reply.json().get(0).path("type").asText()).isEqualTo("DAILY");
    assertThat(reply.json().get(1).path("nextRun").asText()).isEqualTo("2026-03-10T12:00:00Z");
    assertThat(reply.json().get(2).path("nextRun").asText()).isEqualTo("2026-03-09T08:05:00Z");
    JsonNode steps = reply.json().get(0).path("definition").path("job").path("steps");
    assertThat(steps.get(1).path("continueOnFailure").asBoolean()).isTrue();
    assertThat(reply.json().get(1).path("definition").path("job").path("params").path("id").asInt())
        .isEqualTo(42);
  }

  @Test
  void a_pipeline_with_step_policies_is_stored_and_a_bad_step_value_is_refused_naming_the_step() {
    String good =
        """
        {"name": "etl", "definition": {
            "timing": {"kind": "manual"},
            "job": {"kind": "pipeline", "name": "etl", "steps": [
              {"name": "extract", "job": {"program": "true"}, "maxRetries": 2,
               "retryDelay": "PT5S", "timeout": "PT10M"}]}}}
        """;
    Reply created = t.post("/api/schedules", good);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode step = created.json().path("definition").path("job").path("steps").get(0);
    assertThat(step.path("maxRetries").asInt()).isEqualTo(2);
    assertThat(step.path("retryDelay").asText()).isEqualTo("PT5S");
    assertThat(step.path("timeout").asText()).isEqualTo("PT10M");

    Reply refused = t.post("/api/schedules", good.replace("\"PT10M\"", "\"-PT1M\""));

    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.error()).contains("job.steps['extract'].timeout", "'-PT1M'");
    assertThat(t.scheduler.getSchedule("etl").orElseThrow().spec()).isEqualTo("manual");
  }

  @Test
  void replacing_a_schedule_answers_200_and_keeps_its_disabled_state() {
    t.post("/api/schedules", NIGHTLY);
    t.scheduler.disable("nightly");

    Reply reply = t.post("/api/schedules", NIGHTLY.replace("0 9 * * 1-5", "0 7 * * *"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("spec").asText()).isEqualTo("0 7 * * *");
    assertThat(reply.json().path("enabled").asBoolean()).isFalse();
  }

  @Test
  void a_definition_with_only_the_needed_fields_is_stored_as_the_java_builder_stores_it() {
    t.scheduler
        .schedule("java")
        .cron("0 2 * * *")
        .run(
            Pipeline.named("p")
                .step("one", CommandJob.of("true"))
                .step("two", CommandJob.of("sh", "-c", "true")));
    String minimal =
        """
        {"name": "http", "definition": {
          "timing": {"kind": "cron", "expression": "0 2 * * *"},
          "job": {"kind": "pipeline", "name": "p", "steps": [
            {"name": "one", "job": {"program": "true"}},
            {"name": "two", "job": {"program": "sh", "arguments": ["-c", "true"]}}]}}}
        """;

    Reply reply = t.post("/api/schedules", minimal);

    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    JsonNode views = t.get("/api/schedules").json();
    assertThat(views.get(0).path("name").asText()).isEqualTo("http");
    assertThat(views.get(0).path("definition"))
        .isEqualTo(views.get(1).path("definition"))
        .isNotEmpty();
  }

  @Test
  void gets_one_schedule_with_its_next_five_runs_in_its_zone() {
    t.post("/api/schedules", NIGHTLY);

    Reply reply = t.get("/api/schedules/nightly");

    assertThat(reply.status()).isEqualTo(200);
    List<String> next = new ArrayList<>();
    reply.json().path("nextRuns").forEach(node -> next.add(node.asText()));
    assertThat(next)
        .containsExactly(
            "2026-03-09T09:00:00-04:00",
            "2026-03-10T09:00:00-04:00",
            "2026-03-11T09:00:00-04:00",
            "2026-03-12T09:00:00-04:00",
            "2026-03-13T09:00:00-04:00");
  }

  @Test
  void an_unknown_schedule_answers_404_with_the_java_api_message() {
    Reply reply = t.get("/api/schedules/nope");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).isEqualTo("unknown schedule 'nope'");
  }

  @Test
  void history_lists_runs_newest_first_without_output_and_honours_the_limit() {
    t.scheduler.scheduleInterval("tick", ctx -> ctx.appendOutput("tick"), Duration.ofMinutes(1));
    t.clock.advance(Duration.ofMinutes(3));

    Reply reply = t.get("/api/schedules/tick/history?limit=2");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode runs = reply.json();
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).path("scheduledTime").asText()).isEqualTo("2026-03-09T08:03:00Z");
    assertThat(runs.get(1).path("scheduledTime").asText()).isEqualTo("2026-03-09T08:02:00Z");
    assertThat(runs.get(0).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(runs.get(0).path("trigger").asText()).isEqualTo("SCHEDULED");
    assertThat(runs.get(0).has("durationMillis")).isTrue();
    assertThat(runs.get(0).has("output")).isFalse();
    assertThat(t.get("/api/schedules/tick/history").json()).hasSize(3);
  }

  @Test
  void history_with_a_limit_that_is_not_1_to_1000_answers_400() {
    t.scheduler.schedule("m").manual().run(echo("m"));

    assertThat(t.get("/api/schedules/m/history?limit=0").status()).isEqualTo(400);
    assertThat(t.get("/api/schedules/m/history?limit=1001").status()).isEqualTo(400);
    Reply reply = t.get("/api/schedules/m/history?limit=ten");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo("limit must be a whole number from 1 to 1000, was 'ten'");
  }

  @Test
  void history_of_an_unknown_schedule_answers_404_but_is_kept_after_delete() {
    t.scheduler.scheduleInterval("tick", ctx -> {}, Duration.ofMinutes(1));
    t.clock.advance(Duration.ofMinutes(1));
    t.delete("/api/schedules/tick");

    assertThat(t.get("/api/schedules/never/history").status()).isEqualTo(404);
    Reply kept = t.get("/api/schedules/tick/history");
    assertThat(kept.status()).isEqualTo(200);
    assertThat(kept.json()).hasSize(1);
  }

  @Test
  void disable_and_enable_switch_the_schedule_and_answer_its_view() {
    t.post("/api/schedules", NIGHTLY);

    Reply disabled = t.post("/api/schedules/nightly/disable");

    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
    assertThat(disabled.json().path("nextRun").isNull()).isTrue();
    assertThat(t.scheduler.getSchedule("nightly").orElseThrow().enabled()).isFalse();

    Reply enabled = t.post("/api/schedules/nightly/enable");

    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
    assertThat(enabled.json().path("nextRun").asText()).isEqualTo("2026-03-09T09:00:00-04:00");
    assertThat(t.post("/api/schedules/nope/enable").status()).isEqualTo(404);
    assertThat(t.post("/api/schedules/nope/disable").status()).isEqualTo(404);
  }

  @Test
  void delete_removes_the_schedule_with_204_and_answers_404_the_second_time() {
    t.post("/api/schedules", NIGHTLY);

    Reply first = t.delete("/api/schedules/nightly");

    assertThat(first.status()).isEqualTo(204);
    assertThat(first.body()).isEmpty();
    assertThat(t.scheduler.getSchedule("nightly")).isEmpty();
    Reply second = t.delete("/api/schedules/nightly");
    assertThat(second.status()).isEqualTo(404);
    assertThat(second.error()).isEqualTo("unknown schedule 'nightly'");
  }

  @Test
  void a_name_with_a_slash_and_a_space_is_reached_percent_encoded() {
    t.scheduler.schedule("reports/daily run+1").manual().run(echo("r"));

    Reply reply = t.get("/api/schedules/reports%2Fdaily%20run+1");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().path("name").asText()).isEqualTo("reports/daily run+1");
  }

  private void awaitLastOutcome(String name, String status) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(t.scheduler.getSchedule(name).orElseThrow().lastRun())
                    .isNotNull()
                    .extracting(r -> r.status().name())
                    .isEqualTo(status));
  }
}
