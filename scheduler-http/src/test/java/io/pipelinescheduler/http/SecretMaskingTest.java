package io.pipelinescheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.http.TestServer.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Values that look like secrets never leave the server in a read; the jobs still get them. */
class SecretMaskingTest {
  private static final List<String> SECRETS =
      List.of(
          "hunter2",
          "tok-123",
          "aws-secret-value",
          "pg-pass",
          "argpass",
          "argtoken",
          "step-secret",
          "param-key",
          "nested-pw",
          "posted-secret");

  private final TestServer t = new TestServer(builder -> builder.allowCommandJobs(true));

  @AfterEach
  void close() {
    t.close();
  }

  private void defineSchedulesWithSecrets() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DB_PASSWORD", "hunter2");
    environment.put("API_TOKEN", "tok-123");
    environment.put("aws_secret_access_key", "aws-secret-value");
    environment.put("DATABASE_URL", "postgres://app:pg-pass@db.internal:5432/app");
    environment.put("GREETING", "hello");
    t.scheduler
        .schedule("backup")
        .manual()
        .run(
            CommandJob.of("backup.sh", "--password=argpass", "--token", "argtoken", "--full")
                .environment(environment));
    t.scheduler
        .schedule("etl")
        .manual()
        .run(
            Pipeline.named("etl")
                .step(
                    "extract",
                    CommandJob.of("true").environment(Map.of("STEP_SECRET", "step-secret"))));
    t.scheduler.registerJobType("call-api", (ctx, params) -> {});
    t.scheduler
        .schedule("api")
        .manual()
        .run(
            "call-api",
            Map.of("apiKey", "param-key", "nested", Map.of("password", "nested-pw"), "id", 42));
  }

  @Test
  void schedule_views_mask_secret_environment_values_arguments_and_params() {
    defineSchedulesWithSecrets();

    Reply list = t.get("/api/schedules");
    Reply one = t.get("/api/schedules/backup");
    Reply disabled = t.post("/api/schedules/etl/disable");
    Reply enabled = t.post("/api/schedules/api/enable");

    for (Reply reply : List.of(list, one, disabled, enabled)) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(reply.body()).doesNotContain(SECRETS);
    }
    JsonNode job = one.json().path("definition").path("job");
    assertThat(job.path("environment").path("DB_PASSWORD").asText()).isEqualTo("***");
    assertThat(job.path("environment").path("aws_secret_access_key").asText()).isEqualTo("***");
    assertThat(job.path("environment").path("DATABASE_URL").asText())
        .isEqualTo("postgres://app:***@db.internal:5432/app");
    assertThat(job.path("environment").path("GREETING").asText()).isEqualTo("hello");
    assertThat(job.path("arguments"))
        .extracting(JsonNode::asText)
        .containsExactly("--password=***", "--token", "***", "--full");
    assertThat(
            disabled
                .json()
                .path("definition")
                .path("job")
                .path("steps")
                .get(0)
                .path("job")
                .path("environment")
                .path("STEP_SECRET")
                .asText())
        .isEqualTo("***");
    JsonNode params = enabled.json().path("definition").path("job").path("params");
    assertThat(params.path("apiKey").asText()).isEqualTo("***");
    assertThat(params.path("nested").path("password").asText()).isEqualTo("***");
    assertThat(params.path("id").asInt()).isEqualTo(42);
  }

  @Test
  void the_answer_to_a_create_is_masked_and_the_job_keeps_the_real_value() {
    Reply created =
        t.post(
            "/api/schedules",
            """
            {"name": "posted", "definition": {"timing": {"kind": "manual"},
              "job": {"kind": "command", "program": "true",
                      "environment": {"SERVICE_CREDENTIALS": "posted-secret"}}}}
            """);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("posted-secret").contains("***");
    assertThat(t.scheduler.exportSchedules()).contains("posted-secret");
  }
}
