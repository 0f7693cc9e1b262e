package io.pipelinescheduler.http;

import static io.pipelinescheduler.http.TestServer.echo;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.http.TestServer.Reply;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecurityTest {
  private static final String TOKEN = "s3cret-token";
  private static final String SCHEDULE =
      "{\"name\": \"x\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
          + " \"job\": {\"kind\": \"command\", \"program\": \"true\"}}}";

  private final TestServer t =
      new TestServer(builder -> builder.token(TOKEN).allowCommandJobs(true));

  @AfterEach
  void close() {
    t.close();
  }

  private Reply postWith(String path, String authorization, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(t.uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return t.send(request);
  }

  @Test
  void listens_on_the_loopback_address_by_default() {
    assertThat(t.server.url().toString()).isEqualTo("http://127.0.0.1:" + t.server.port() + "/");
  }

  @Test
  void a_post_without_the_token_answers_401_and_changes_nothing() {
    Reply missing = postWith("/api/schedules", null, SCHEDULE);
    Reply wrong = postWith("/api/schedules", "Bearer not-it", SCHEDULE);
    Reply basic = postWith("/api/schedules", "Basic czNjcmV0LXRva2Vu", SCHEDULE);

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.error())
        .isEqualTo("this call needs the header 'Authorization: Bearer <token>'");
    assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"pipeline-scheduler\"");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.error()).isEqualTo("the bearer token is not valid");
    assertThat(basic.status()).isEqualTo(401);
    assertThat(t.scheduler.listSchedules()).isEmpty();
  }

  private Reply withoutToken(String method, String path) {
    return t.send(
        HttpRequest.newBuilder(t.uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  @Test
  void every_state_changing_call_needs_the_token() {
    t.scheduler.schedule("m").manual().run(echo("m"));

    assertThat(withoutToken("POST", "/api/schedules/m/run").status()).isEqualTo(401);
    assertThat(withoutToken("POST", "/api/schedules/m/disable").status()).isEqualTo(401);
    assertThat(withoutToken("POST", "/api/schedules/m/enable").status()).isEqualTo(401);
    assertThat(withoutToken("POST", "/api/runs/any/cancel").status()).isEqualTo(401);
    assertThat(withoutToken("DELETE", "/api/schedules/m").status()).isEqualTo(401);
    assertThat(t.scheduler.getSchedule("m").orElseThrow().enabled()).isTrue();
    assertThat(t.scheduler.getHistory("m", 1)).isEmpty();
  }

  @Test
  void the_right_token_is_accepted_and_reads_need_none() {
    Reply created = postWith("/api/schedules", "Bearer " + TOKEN, SCHEDULE);
    Reply deleted =
        t.send(
            HttpRequest.newBuilder(t.uri("/api/schedules/x"))
                .header("Authorization", "bearer " + TOKEN)
                .DELETE());

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(t.get("/api/schedules").status()).isEqualTo(200);
    assertThat(t.get("/api/scheduler/health").status()).isEqualTo(200);
  }

  @Test
  void a_cross_origin_browser_request_is_refused_with_403() {
    Reply foreign =
        t.send(
            HttpRequest.newBuilder(t.uri("/api/schedules"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(SCHEDULE)));
    Reply same =
        t.send(
            HttpRequest.newBuilder(t.uri("/api/schedules"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "http://127.0.0.1:" + t.server.port())
                .POST(HttpRequest.BodyPublishers.ofString(SCHEDULE)));

    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.error())
        .isEqualTo(
            "cross-origin request from 'http://evil.example' refused; call the API from its own"
                + " page");
    assertThat(same.status()).as(same.body()).isEqualTo(201);
  }
}
