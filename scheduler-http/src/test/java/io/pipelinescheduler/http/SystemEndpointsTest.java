package io.pipelinescheduler.http;

import static io.pipelinescheduler.http.TestServer.echo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.http.TestServer.Reply;
import io.pipelinescheduler.http.internal.ApiRoutes;
import io.pipelinescheduler.http.internal.ApiSettings;
import io.pipelinescheduler.http.internal.Route;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SystemEndpointsTest {
  private final TestServer t = new TestServer();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void health_reports_the_status_and_the_run_metrics() {
    t.scheduler.schedule("m").manual().run(echo("m"));
    String runId = t.post("/api/schedules/m/run").json().path("runId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> t.get("/api/runs/" + runId).json().path("success").asBoolean());

    Reply reply = t.get("/api/scheduler/health");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode health = reply.json();
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(health.path("running").asBoolean()).isTrue();
    assertThat(health.path("metrics").path("totalRuns").asLong()).isEqualTo(1);
    assertThat(health.path("metrics").path("successRate").asDouble()).isEqualTo(1.0);
    assertThat(health.path("metrics").path("schedules").asInt()).isEqualTo(1);
    assertThat(health.path("metrics").has("averageDurationMillis")).isTrue();
    assertThat(health.path("details").path("store").asText()).isNotEmpty();
  }

  @Test
  void health_answers_503_when_the_scheduler_is_down() {
    t.scheduler.stop();

    Reply reply = t.get("/api/scheduler/health");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().path("status").asText()).isEqualTo("DOWN");
    assertThat(reply.json().path("running").asBoolean()).isFalse();
  }

  @Test
  void metrics_serve_the_scheduler_meters_in_the_prometheus_text_format() {
    t.scheduler.schedule("m").manual().run(echo("m"));
    String runId = t.post("/api/schedules/m/run").json().path("runId").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> t.get("/api/runs/" + runId).json().path("success").asBoolean());

    Reply reply = t.get("/metrics");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).startsWith("text/plain; version=0.0.4");
    assertThat(reply.body())
        .contains("# TYPE pipeline_scheduler_schedules gauge")
        .contains("pipeline_scheduler_schedules 1.0")
        .contains("pipeline_scheduler_runs_total{")
        .contains("schedule=\"m\"");
  }

  @Test
  void metrics_without_a_prometheus_registry_answer_404_saying_how_to_add_one() {
    try (PipelineScheduler plain =
            PipelineScheduler.create(
                SchedulerConfig.builder()
                    .persistSchedules(false)
                    .meterRegistry(new SimpleMeterRegistry())
                    .build());
        SchedulerHttpServer server = SchedulerHttpServer.start(plain, 0)) {
      Reply reply = t.send(HttpRequest.newBuilder(server.url().resolve("/metrics")).GET());

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.error()).contains("prometheusRegistry(..)");
    }
  }

  @Test
  void metrics_use_a_prometheus_registry_found_in_the_global_registry() {
    PrometheusMeterRegistry global = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.addRegistry(global);
    try (PipelineScheduler scheduler =
            PipelineScheduler.create(SchedulerConfig.builder().persistSchedules(false).build());
        SchedulerHttpServer server = SchedulerHttpServer.start(scheduler, 0)) {
      scheduler.schedule("global-one").manual().run(echo("g"));

      Reply reply = t.send(HttpRequest.newBuilder(server.url().resolve("/metrics")).GET());

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).contains("pipeline_scheduler_schedules");
    } finally {
      Metrics.removeRegistry(global);
      global.close();
    }
  }

  @Test
  void the_openapi_document_describes_every_route_and_method() throws Exception {
    Reply reply = t.get("/api/openapi.json");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode document = reply.json();
    assertThat(document.path("openapi").asText()).startsWith("3.");
    List<String> missing = new ArrayList<>();
    ApiSettings settings =
        new ApiSettings(
            t.scheduler, "t", false, 1024, null, InetAddress.getLoopbackAddress(), false);
    for (Route route : ApiRoutes.create(settings)) {
      for (String method : route.methods()) {
        JsonNode operation =
            document.path("paths").path(route.pattern()).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode() || !operation.has("responses")) {
          missing.add(method + " " + route.pattern());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void every_reference_in_the_openapi_document_resolves() {
    JsonNode document = t.get("/api/openapi.json").json();
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);

    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  @Test
  void the_dashboard_page_and_its_files_are_served_from_the_jar() {
    Reply page = t.get("/");
    Reply script = t.get("/assets/app.js");
    Reply style = t.get("/assets/app.css");
    Reply missing = t.get("/assets/nope.js");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(page.body()).contains("<script src=\"/assets/app.js\" defer></script>");
    assertThat(script.header("Content-Type")).startsWith("text/javascript");
    assertThat(script.body()).contains("/api/schedules");
    assertThat(style.header("Content-Type")).startsWith("text/css");
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  void head_answers_like_get_without_a_body() {
    Reply head =
        t.send(
            HttpRequest.newBuilder(t.uri("/")).method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(head.body()).isEmpty();
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      for (var field : node.properties()) {
        if (field.getKey().equals("$ref")) {
          refs.add(field.getValue().asText());
        } else {
          collectRefs(field.getValue(), refs);
        }
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }
}
