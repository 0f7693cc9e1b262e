package io.pipelinescheduler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.http.SchedulerHttpApi.Access;
import io.pipelinescheduler.http.SchedulerHttpApi.Reply;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SchedulerHttpApi} without a server: requests handed over as calls, as a servlet container
 * does, mounted at /scheduler.
 */
class SchedulerHttpApiTest {
  private static final String BASE = "/scheduler";

  private final PipelineScheduler scheduler =
      PipelineScheduler.create(SchedulerConfig.builder().persistSchedules(false).build());

  @AfterEach
  void close() {
    scheduler.close();
  }

  /** One request: method, path below the mount point, headers, body. */
  private record TestCall(
      String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] bytes)
      implements SchedulerHttpApi.Call {
    static TestCall of(String method, String pathAndQuery, String... headerPairs) {
      int question = pathAndQuery.indexOf('?');
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int i = 0; i < headerPairs.length; i += 2) {
        headers.put(headerPairs[i], headerPairs[i + 1]);
      }
      return new TestCall(
          method,
          question < 0 ? pathAndQuery : pathAndQuery.substring(0, question),
          question < 0 ? null : pathAndQuery.substring(question + 1),
          headers,
          new byte[0]);
    }

    TestCall body(String text) {
      byte[] content = text.getBytes(StandardCharsets.UTF_8);
      Map<String, String> more = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      more.putAll(headers);
      more.put("Content-Length", Integer.toString(content.length));
      return new TestCall(method, rawPath, rawQuery, more, content);
    }

    @Override
    public String basePath() {
      return BASE;
    }

    @Override
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public InputStream body() {
      return new ByteArrayInputStream(bytes);
    }
  }

  private static String text(Reply reply) {
    return new String(reply.body(), StandardCharsets.UTF_8);
  }

  @Test
  void by_default_reads_are_open_and_changes_need_the_token_as_on_the_own_port() throws Exception {
    scheduler.schedule("report").manual().run(context -> {});
    scheduler.start();
    SchedulerHttpApi api = SchedulerHttpApi.builder(scheduler).token("api-token").build();

    Reply list = api.handle(TestCall.of("GET", "/api/schedules"));
    Reply anonymous = api.handle(TestCall.of("POST", "/api/schedules/report/run"));
    Reply run =
        api.handle(
            TestCall.of("POST", "/api/schedules/report/run", "Authorization", "Bearer api-token"));

    assertThat(list.status()).isEqualTo(200);
    assertThat(text(list)).contains("\"name\":\"report\"");
    assertThat(list.headers()).containsEntry("X-Frame-Options", "DENY");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.headers())
        .containsEntry("WWW-Authenticate", "Bearer realm=\"pipeline-scheduler\"");
    assertThat(run.status()).isEqualTo(202);
    assertThat(run.headers().get("Location")).startsWith("/scheduler/api/runs/");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                scheduler.getHistory("report", 5).stream()
                    .anyMatch(record -> record.status() == ExecutionStatus.SUCCEEDED));
  }

  @Test
  void with_the_token_for_every_call_reads_need_it_but_the_page_does_not() throws Exception {
    SchedulerHttpApi api =
        SchedulerHttpApi.builder(scheduler)
            .access(Access.TOKEN_FOR_EVERY_CALL)
            .propertyPrefix("pipeline.scheduler.http.")
            .build();

    Reply read = api.handle(TestCall.of("GET", "/api/schedules"));
    Reply withToken =
        api.handle(TestCall.of("GET", "/api/schedules", "Authorization", "Bearer " + api.token()));
    Reply page = api.handle(TestCall.of("GET", "/"));
    Reply script = api.handle(TestCall.of("GET", "/assets/app.js"));

    assertThat(api.tokenGenerated()).isTrue();
    assertThat(read.status()).isEqualTo(401);
    assertThat(text(read))
        .contains("generated its token at start: see the file named in the application's log");
    assertThat(withToken.status()).isEqualTo(200);
    assertThat(page.status()).isEqualTo(200);
    assertThat(text(page))
        .contains(
            "<meta name=\"pipeline-scheduler-base\" content=\"/scheduler\">",
            "<script src=\"/scheduler/assets/app.js\" defer></script>");
    assertThat(script.status()).isEqualTo(200);
  }

  @Test
  void checked_by_the_container_there_is_no_token_but_cross_origin_changes_are_refused()
      throws Exception {
    scheduler.schedule("report").manual().run(context -> {});
    SchedulerHttpApi api =
        SchedulerHttpApi.builder(scheduler).access(Access.CHECKED_BY_CONTAINER).build();

    Reply crossOrigin =
        api.handle(
            TestCall.of(
                "POST",
                "/api/schedules/report/disable",
                "Host",
                "app.example:8080",
                "Origin",
                "https://evil.example"));
    Reply sameOrigin =
        api.handle(
            TestCall.of(
                "POST",
                "/api/schedules/report/disable",
                "Host",
                "app.example:8080",
                "Origin",
                "https://app.example:8080"));

    assertThat(api.token()).isNull();
    assertThat(crossOrigin.status()).isEqualTo(403);
    assertThat(sameOrigin.status()).isEqualTo(200);
    assertThat(scheduler.getSchedule("report").orElseThrow().enabled()).isFalse();
    assertThatThrownBy(() -> api.writeToken(Path.of("unused")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void the_body_limit_and_the_allowed_hosts_apply_as_on_the_own_port() throws Exception {
    SchedulerHttpApi api =
        SchedulerHttpApi.builder(scheduler)
            .token("t")
            .maxBodyBytes(10)
            .allowedHosts("scheduler.example")
            .build();

    Reply tooLarge =
        api.handle(
            TestCall.of(
                    "POST",
                    "/api/schedules",
                    "Host",
                    "scheduler.example",
                    "Authorization",
                    "Bearer t")
                .body("[" + " ".repeat(20) + "]"));
    Reply otherHost = api.handle(TestCall.of("GET", "/api/schedules", "Host", "evil.example"));
    Reply allowedHost =
        api.handle(TestCall.of("GET", "/api/schedules", "Host", "SCHEDULER.example:8443"));

    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(text(tooLarge))
        .contains(
            "the request body of 22 bytes is larger than the limit of 10 bytes"
                + " (SchedulerHttpServer.builder(..).maxBodyBytes)");
    assertThat(otherHost.status()).isEqualTo(403);
    assertThat(text(otherHost))
        .contains(
            "requests for host 'evil.example' are refused: this server answers to scheduler.example");
    assertThat(allowedHost.status()).isEqualTo(200);
  }

  @Test
  void a_head_request_gets_no_body_and_an_unknown_path_a_json_404() throws Exception {
    SchedulerHttpApi api = SchedulerHttpApi.builder(scheduler).build();

    Reply head = api.handle(TestCall.of("HEAD", "/"));
    Reply missing = api.handle(TestCall.of("GET", "/nope"));

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(missing.status()).isEqualTo(404);
    assertThat(text(missing)).isEqualTo("{\"error\":\"no such endpoint: GET /nope\"}");
  }

  @Test
  void a_generated_token_is_written_to_an_owner_only_file(@TempDir Path directory)
      throws Exception {
    SchedulerHttpApi api = SchedulerHttpApi.builder(scheduler).build();
    Path file = directory.resolve("tokens").resolve("http.token");

    api.writeToken(file);

    assertThat(Files.readString(file).strip()).isEqualTo(api.token());
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
