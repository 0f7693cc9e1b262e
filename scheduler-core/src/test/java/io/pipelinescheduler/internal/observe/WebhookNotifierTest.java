package io.pipelinescheduler.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private WebhookServer server;
  private LogCapture logs;

  @BeforeEach
  void start() throws IOException {
    server = new WebhookServer();
    logs = new LogCapture(WebhookNotifier.class);
  }

  @AfterEach
  void stop() {
    logs.close();
    server.close();
  }

  @Test
  void a_failed_run_posts_one_json_message_naming_the_run() {
    WebhookNotifier notifier = new WebhookNotifier(server.uri(), false);

    notifier.onRunFailed(failed("nightly-etl", "run-1", "java.io.IOException: disk full"));
    boolean flushed = notifier.flush(WAIT);

    assertThat(flushed).isTrue();
    assertThat(server.received()).hasSize(1);
    WebhookServer.Received post = server.received().get(0);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.contentType()).startsWith("application/json");
    Map<String, String> json = StrictJson.parseStringObject(post.body());
    assertThat(json).containsOnlyKeys("text");
    assertThat(json.get("text"))
        .contains("FAILED")
        .contains("schedule 'nightly-etl'")
        .contains("attempt 1")
        .contains("run id: run-1")
        .contains("node: node-1")
        .contains("duration: 1.500 s")
        .contains("error: java.io.IOException: disk full");
    assertThat(logs.messages(Level.WARN)).isEmpty();
  }

  @Test
  void timed_out_cancelled_and_abandoned_runs_are_posted_as_failures() {
    WebhookNotifier notifier = notifier(false);

    notifier.onRunFailed(Runs.finished("a", "r1", ExecutionStatus.TIMED_OUT, sec(1), null));
    notifier.onRunFailed(Runs.finished("b", "r2", ExecutionStatus.CANCELLED, sec(1), null));
    notifier.onRunFailed(Runs.finished("c", "r3", ExecutionStatus.ABANDONED, sec(1), null));
    notifier.flush(WAIT);

    assertThat(texts())
        .hasSize(3)
        .anySatisfy(t -> assertThat(t).startsWith("Run TIMED_OUT: schedule 'a'"))
        .anySatisfy(t -> assertThat(t).startsWith("Run CANCELLED: schedule 'b'"))
        .anySatisfy(t -> assertThat(t).startsWith("Run ABANDONED: schedule 'c'"));
  }

  @Test
  void a_success_is_not_posted_unless_enabled() {
    WebhookNotifier notifier = notifier(false);

    notifier.onRunSucceeded(succeeded("etl", "run-ok"));
    notifier.onRunFailed(failed("etl", "run-bad", "boom"));
    notifier.flush(WAIT);

    assertThat(texts()).singleElement().asString().contains("run id: run-bad");
  }

  @Test
  void a_success_is_posted_when_enabled() {
    WebhookNotifier notifier = notifier(true);

    notifier.onRunSucceeded(succeeded("etl", "run-ok"));
    notifier.flush(WAIT);

    assertThat(texts())
        .singleElement()
        .asString()
        .startsWith("Run SUCCEEDED: schedule 'etl'")
        .contains("run id: run-ok")
        .doesNotContain("error");
  }

  @Test
  void quotes_backslashes_and_newlines_in_an_error_arrive_as_valid_json_with_the_text_intact() {
    String error =
        "java.lang.IllegalStateException: bad \"value\" in C:\\data\n\tat Job.run\r\u0007";
    WebhookNotifier notifier = notifier(false);

    notifier.onRunFailed(failed("etl \"quoted\"", "run-1", error));
    notifier.flush(WAIT);

    String text = texts().get(0);
    assertThat(text).contains("schedule 'etl \"quoted\"'").endsWith("\nerror: " + error);
  }

  @Test
  void a_server_answering_500_is_logged_with_the_address_but_not_its_secret_path() {
    server.answerWith(500);
    WebhookNotifier notifier = notifier(false);

    notifier.onRunFailed(failed("etl", "run-1", "boom"));
    boolean flushed = notifier.flush(WAIT);

    assertThat(flushed).isTrue();
    assertThat(server.received()).hasSize(1);
    assertThat(logs.messages(Level.WARN))
        .singleElement()
        .asString()
        .contains("http://127.0.0.1:" + server.port() + "/…")
        .contains("run-1")
        .contains("HTTP 500")
        .doesNotContain("secret-token");
  }

  @Test
  void a_server_not_listening_is_logged_and_not_thrown() throws IOException {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0)) {
      freePort = socket.getLocalPort();
    }
    WebhookNotifier notifier =
        new WebhookNotifier(
            URI.create("http://127.0.0.1:" + freePort + "/hook"),
            false,
            client,
            Duration.ofSeconds(10));

    notifier.onRunFailed(failed("etl", "run-1", "boom"));
    boolean flushed = notifier.flush(WAIT);

    assertThat(flushed).isTrue();
    assertThat(logs.messages(Level.WARN))
        .singleElement()
        .asString()
        .contains("http://127.0.0.1:" + freePort + "/…")
        .contains("ConnectException");
  }

  @Test
  void a_server_that_does_not_answer_within_the_request_timeout_is_logged_as_a_timeout() {
    server.holdAnswers();
    WebhookNotifier notifier =
        new WebhookNotifier(server.uri(), false, client, Duration.ofMillis(300));

    notifier.onRunFailed(failed("etl", "run-1", "boom"));
    boolean flushed = notifier.flush(WAIT);

    assertThat(flushed).isTrue();
    assertThat(logs.messages(Level.WARN))
        .singleElement()
        .asString()
        .contains("HttpTimeoutException");
  }

  @Test
  void the_callback_returns_while_the_server_has_not_answered_and_flush_waits_for_the_answer() {
    server.holdAnswers();
    WebhookNotifier notifier = notifier(false);

    notifier.onRunFailed(failed("etl", "run-1", "boom"));
    boolean flushedWhileHeld = notifier.flush(Duration.ofMillis(100));
    server.openGate();
    boolean flushedAfter = notifier.flush(WAIT);

    assertThat(flushedWhileHeld).isFalse();
    assertThat(flushedAfter).isTrue();
    assertThat(server.received()).hasSize(1);
    assertThat(logs.messages(Level.WARN)).isEmpty();
  }

  @Test
  void posts_beyond_the_in_flight_limit_are_dropped_with_a_warning() {
    server.holdAnswers();
    WebhookNotifier notifier = notifier(false);

    for (int i = 0; i <= WebhookNotifier.MAX_IN_FLIGHT; i++) {
      notifier.onRunFailed(failed("etl", "run-" + i, "boom"));
    }
    List<String> warnings = logs.messages(Level.WARN);
    server.openGate();
    notifier.flush(WAIT);

    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("run-" + WebhookNotifier.MAX_IN_FLIGHT)
        .contains("not posted");
    assertThat(server.received()).hasSize(WebhookNotifier.MAX_IN_FLIGHT);
  }

  @Test
  void close_waits_for_posts_in_flight_and_later_runs_are_not_posted() {
    WebhookNotifier notifier = notifier(false);
    notifier.onRunFailed(failed("etl", "run-1", "boom"));

    notifier.close();
    int receivedAtClose = server.received().size();
    notifier.onRunFailed(failed("etl", "run-2", "boom"));
    notifier.flush(WAIT);

    assertThat(receivedAtClose).isEqualTo(1);
    assertThat(server.received()).hasSize(1);
  }

  @Test
  void rejects_a_uri_that_is_not_absolute_http_naming_it_without_its_path() {
    assertThatThrownBy(() -> new WebhookNotifier(URI.create("ftp://files.example/secret"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ftp://files.example/…'")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> new WebhookNotifier(URI.create("hooks/secret"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> new WebhookNotifier(server.uri(), false, client, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  @Test
  void the_shown_address_drops_user_info_path_and_query() {
    URI uri = URI.create("https://user:pw@hooks.slack.com:8443/services/T/B/secret?token=x#f");

    assertThat(WebhookNotifier.shown(uri)).isEqualTo("https://hooks.slack.com:8443/…");
    assertThat(WebhookNotifier.shown(URI.create("http://example.com")))
        .isEqualTo("http://example.com");
  }

  private WebhookNotifier notifier(boolean onSuccess) {
    return new WebhookNotifier(server.uri(), onSuccess, client, Duration.ofSeconds(10));
  }

  private List<String> texts() {
    return server.received().stream()
        .map(r -> StrictJson.parseStringObject(r.body()).get("text"))
        .toList();
  }

  private static ExecutionRecord failed(String schedule, String runId, String error) {
    return Runs.finished(schedule, runId, ExecutionStatus.FAILED, Duration.ofMillis(1500), error);
  }

  private static ExecutionRecord succeeded(String schedule, String runId) {
    return Runs.finished(schedule, runId, ExecutionStatus.SUCCEEDED, Duration.ofMillis(20), null);
  }

  private static Duration sec(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
