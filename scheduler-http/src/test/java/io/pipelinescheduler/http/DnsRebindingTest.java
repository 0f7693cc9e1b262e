package io.pipelinescheduler.http;

import static io.pipelinescheduler.http.TestServer.echo;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.http.RawHttp.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack of issue 14: a page on an attacker's name that resolves to 127.0.0.1 calls the API of
 * a server started with the defaults (no token configured, bound to 127.0.0.1). Raw sockets send
 * the headers such a browser sends.
 */
class DnsRebindingTest {
  private static final String ATTACKER = "rebind.attacker.test";

  @TempDir Path temp;

  private final TestServer t = new TestServer();
  private final int port = t.server.port();

  @AfterEach
  void close() {
    t.close();
  }

  private String commandJob(Path marker) {
    return "{\"name\":\"rb\",\"definition\":{\"timing\":{\"kind\":\"manual\"},"
        + "\"job\":{\"kind\":\"command\",\"program\":\"sh\","
        + "\"arguments\":[\"-c\",\"echo rce > "
        + marker
        + "\"]}}}";
  }

  @Test
  void the_rebinding_request_of_the_issue_is_refused_and_runs_nothing() {
    Path marker = temp.resolve("x");

    Answer created =
        RawHttp.send(
            port,
            "POST",
            "/api/schedules",
            commandJob(marker),
            "Host: " + ATTACKER + ":" + port,
            "Origin: http://" + ATTACKER + ":" + port,
            "Content-Type: text/plain");
    Answer run =
        RawHttp.send(
            port,
            "POST",
            "/api/schedules/rb/run",
            "",
            "Host: " + ATTACKER + ":" + port,
            "Origin: http://" + ATTACKER + ":" + port,
            "Content-Type: text/plain");

    assertThat(created.status()).as(created.body()).isEqualTo(403);
    assertThat(created.error())
        .isEqualTo(
            "requests for host '"
                + ATTACKER
                + ":"
                + port
                + "' are refused: this server answers to 127.0.0.1:"
                + port
                + ", localhost:"
                + port
                + " and [::1]:"
                + port
                + " (add other names with SchedulerHttpServer.builder(..).allowedHosts(..))");
    assertThat(run.status()).isEqualTo(403);
    assertThat(t.scheduler.listSchedules()).isEmpty();
    assertThat(marker).doesNotExist();
  }

  @Test
  void reads_for_a_foreign_host_are_refused_even_with_the_token() {
    t.scheduler.schedule("m").manual().run(echo("m"));

    Answer list =
        RawHttp.send(port, "GET", "/api/schedules", null, "Host: " + ATTACKER + ":" + port);
    Answer one =
        RawHttp.send(
            port,
            "GET",
            "/api/schedules/m",
            null,
            "Host: " + ATTACKER + ":" + port,
            "Authorization: Bearer " + t.server.token());
    Answer page = RawHttp.send(port, "GET", "/", null, "Host: " + ATTACKER);
    Answer noHost = RawHttp.send(port, "GET", "/api/schedules", null);

    assertThat(list.status()).isEqualTo(403);
    assertThat(list.body()).doesNotContain("\"m\"");
    assertThat(one.status()).isEqualTo(403);
    assertThat(page.status()).isEqualTo(403);
    assertThat(noHost.status()).isEqualTo(403);
    assertThat(noHost.error()).startsWith("a request without a Host header is refused");
  }

  @Test
  void a_state_change_from_localhost_without_the_generated_token_is_refused() {
    t.scheduler.schedule("m").manual().run(echo("m"));

    Answer disable =
        RawHttp.send(
            port,
            "POST",
            "/api/schedules/m/disable",
            "",
            "Host: 127.0.0.1:" + port,
            "Origin: http://127.0.0.1:" + port);

    assertThat(disable.status()).isEqualTo(401);
    assertThat(disable.error())
        .isEqualTo(
            "this call needs the header 'Authorization: Bearer <token>'; this server generated"
                + " its token at start: see SchedulerHttpServer.token() or the file named in its"
                + " log");
    assertThat(t.scheduler.getSchedule("m").orElseThrow().enabled()).isTrue();
  }

  @Test
  void the_generated_token_is_in_an_owner_only_file_and_opens_state_changes_from_loopback_names()
      throws IOException {
    t.scheduler.schedule("m").manual().run(echo("m"));
    String token = Files.readString(t.tokenFile()).strip();

    Answer disable =
        RawHttp.send(
            port,
            "POST",
            "/api/schedules/m/disable",
            "",
            "Host: localhost:" + port,
            "Origin: http://localhost:" + port,
            "Authorization: Bearer " + token);
    Answer read = RawHttp.send(port, "GET", "/api/schedules/m", null, "Host: [::1]:" + port);

    assertThat(token).hasSizeGreaterThanOrEqualTo(40).isEqualTo(t.server.token());
    assertThat(Files.getPosixFilePermissions(t.tokenFile()))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(disable.status()).as(disable.body()).isEqualTo(200);
    assertThat(t.scheduler.getSchedule("m").orElseThrow().enabled()).isFalse();
    assertThat(read.status()).isEqualTo(200);
  }

  @Test
  void an_allowed_host_name_works_behind_a_tls_proxy_and_others_stay_refused() {
    try (TestServer proxied =
        new TestServer(builder -> builder.allowedHosts("Scheduler.Example.test"))) {
      int proxiedPort = proxied.server.port();
      proxied.scheduler.schedule("m").manual().run(echo("m"));

      Answer disable =
          RawHttp.send(
              proxiedPort,
              "POST",
              "/api/schedules/m/disable",
              "",
              "Host: scheduler.example.test",
              "Origin: https://scheduler.example.test",
              "Authorization: Bearer " + proxied.server.token());
      Answer other =
          RawHttp.send(proxiedPort, "GET", "/api/schedules", null, "Host: other.example.test");

      assertThat(disable.status()).as(disable.body()).isEqualTo(200);
      assertThat(proxied.scheduler.getSchedule("m").orElseThrow().enabled()).isFalse();
      assertThat(other.status()).isEqualTo(403);
    }
  }

  @Test
  void closing_the_server_deletes_the_token_file() {
    Path file = t.tokenFile();
    assertThat(file).exists();

    t.server.close();

    assertThat(file).doesNotExist();
  }
}
