package io.pipelinescheduler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.http.TestServer.Reply;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorHandlingTest {
  private final TestServer t =
      new TestServer(builder -> builder.maxBodyBytes(2048).allowCommandJobs(true));

  @AfterEach
  void close() {
    t.close();
  }

  private static String definition(String timing, String job) {
    return "{\"name\": \"x\", \"definition\": {\"timing\": " + timing + ", \"job\": " + job + "}}";
  }

  private static final String CRON = "{\"kind\": \"cron\", \"expression\": \"0 2 * * *\"}";
  private static final String TRUE = "{\"kind\": \"command\", \"program\": \"true\"}";

  @Test
  void malformed_json_answers_400_naming_the_line_and_column() {
    Reply reply = t.post("/api/schedules", "{\"name\": \"x\",\n  \"definition\": {,}}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).startsWith("application/json");
    assertThat(reply.error()).startsWith("the request body is not valid JSON at line 2, column 18");
  }

  @Test
  void an_invalid_cron_answers_400_with_the_message_of_the_java_api() {
    InvalidScheduleException java =
        catchThrowableOfType(
            InvalidScheduleException.class,
            () -> t.scheduler.schedule("x").cron("0 25 * * *").run(CommandJob.of("true")));

    Reply reply =
        t.post(
            "/api/schedules",
            definition("{\"kind\": \"cron\", \"expression\": \"0 25 * * *\"}", TRUE));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(java.getMessage()).startsWith("schedule 'x': ");
    assertThat(t.scheduler.getSchedule("x")).isEmpty();
  }

  @Test
  void an_unknown_field_answers_400_naming_the_field_and_the_schedule() {
    Reply inDefinition =
        t.post(
            "/api/schedules",
            "{\"name\": \"x\", \"definition\": {\"timing\": "
                + CRON
                + ", \"job\": "
                + TRUE
                + ", \"retries\": 3}}");
    Reply inTiming =
        t.post(
            "/api/schedules",
            definition("{\"kind\": \"cron\", \"expresion\": \"0 2 * * *\"}", TRUE));
    Reply inJob =
        t.post(
            "/api/schedules",
            definition(CRON, "{\"kind\": \"command\", \"program\": \"true\", \"args\": []}"));
    Reply inStep =
        t.post(
            "/api/schedules",
            definition(
                CRON,
                "{\"kind\": \"pipeline\", \"name\": \"p\", \"steps\": [{\"name\": \"s\","
                    + " \"job\": {\"program\": \"true\", \"cwd\": \"/\"}}]}"));
    Reply inEntry =
        t.post(
            "/api/schedules",
            "{\"name\": \"x\", \"enabled\": false, \"definition\": {\"timing\": "
                + CRON
                + ", \"job\": "
                + TRUE
                + "}}");

    assertThat(inDefinition.status()).isEqualTo(400);
    assertThat(inDefinition.error())
        .startsWith("schedule 'x': unknown field 'retries' in the definition; expected one of");
    assertThat(inTiming.error())
        .isEqualTo(
            "schedule 'x': unknown field 'timing.expresion' in the definition; expected one of"
                + " kind, expression, flavor");
    assertThat(inJob.error())
        .startsWith("schedule 'x': unknown field 'job.args' in the definition");
    assertThat(inStep.error())
        .startsWith("schedule 'x': unknown field 'job.steps[0].job.cwd' in the definition");
    assertThat(inEntry.error())
        .isEqualTo("schedule 'x': unknown field 'enabled' next to name and definition");
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_wrong_value_answers_400_with_the_core_message_naming_the_field() {
    Reply reply =
        t.post(
            "/api/schedules",
            "{\"name\": \"x\", \"definition\": {\"timing\": "
                + CRON
                + ", \"job\": "
                + TRUE
                + ", \"maxRetries\": \"three\"}}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error())
        .isEqualTo(
            "schedule 'x': stored definition field 'maxRetries' has 'three'; expected a whole"
                + " number");
  }

  @Test
  void an_entry_without_a_name_answers_400_with_the_import_message() {
    String body = "[" + definition(CRON, TRUE) + ", {\"definition\": {}}]";
    SchedulerException java =
        catchThrowableOfType(
            SchedulerException.class,
            () ->
                t.scheduler.importSchedules(
                    "[{\"name\": \"a\", \"definition\": {}}, {\"definition\": {}}]"));

    Reply reply = t.post("/api/schedules", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).isEqualTo(java.getMessage()).contains("entry 1");
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  @Test
  void nothing_is_registered_when_one_entry_of_an_array_is_invalid() {
    String body =
        "["
            + definition(CRON, TRUE).replace("\"x\"", "\"good\"")
            + ", "
            + definition("{\"kind\": \"hourly\", \"minute\": 60}", TRUE).replace("\"x\"", "\"bad\"")
            + "]";

    Reply reply = t.post("/api/schedules", body);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).startsWith("schedule 'bad': ").contains("60");
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_body_that_is_neither_an_object_nor_an_array_answers_400() {
    assertThat(t.post("/api/schedules", "42").error())
        .isEqualTo(
            "the request body must be a JSON object {\"name\": ..., \"definition\": {...}} or an"
                + " array of them, was number");
    assertThat(t.post("/api/schedules", "").error())
        .isEqualTo("the request body is empty; send JSON");
    assertThat(t.post("/api/schedules", "{} {}").status()).isEqualTo(400);
    assertThat(t.post("/api/schedules", "{\"name\": \"a\", \"name\": \"b\"}").error())
        .contains("Duplicate field 'name'");
  }

  @Test
  void json_nested_100000_deep_answers_400_and_stores_nothing() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    String body =
        "{\"name\": \"deep\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
            + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\", \"params\": {\"p\": "
            + deep
            + "}}}}";
    try (TestServer roomy = new TestServer()) {
      Reply reply = roomy.post("/api/schedules", body);

      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      assertThat(reply.error())
          .startsWith("the request body is not valid JSON: ")
          .contains("nesting depth");
      assertThat(roomy.scheduler.listSchedules()).isEmpty();
    }
  }

  @Test
  void a_body_over_the_limit_answers_413() {
    String big = definition(CRON, TRUE).replace("\"x\"", "\"" + "x".repeat(3000) + "\"");

    Reply reply = t.post("/api/schedules", big);

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.error())
        .isEqualTo(
            "the request body of "
                + big.length()
                + " bytes is larger than the limit of 2048 bytes"
                + " (SchedulerHttpServer.builder(..).maxBodyBytes)");
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_streamed_body_over_the_limit_answers_413() {
    byte[] big = ("[" + " ".repeat(5000) + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    Reply reply =
        t.send(
            HttpRequest.newBuilder(t.uri("/api/schedules"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big))));

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.error()).contains("more than 2048 bytes");
  }

  @Test
  void a_wrong_method_answers_405_with_the_allowed_ones() {
    Reply put =
        t.send(
            HttpRequest.newBuilder(t.uri("/api/schedules"))
                .PUT(HttpRequest.BodyPublishers.ofString("[]")));
    Reply deleteRun = t.delete("/api/runs/abc");
    Reply getRun = t.get("/api/schedules/x/run");

    assertThat(put.status()).isEqualTo(405);
    assertThat(put.header("Allow")).isEqualTo("GET, POST");
    assertThat(put.error()).isEqualTo("method PUT is not allowed on /api/schedules; use GET, POST");
    assertThat(deleteRun.status()).isEqualTo(405);
    assertThat(deleteRun.header("Allow")).isEqualTo("GET");
    assertThat(getRun.status()).isEqualTo(405);
    assertThat(getRun.header("Allow")).isEqualTo("POST");
  }

  @Test
  void an_unknown_path_answers_404_as_json() {
    Reply reply = t.get("/api/nothing/here");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).isEqualTo("no such endpoint: GET /api/nothing/here");
  }
}
