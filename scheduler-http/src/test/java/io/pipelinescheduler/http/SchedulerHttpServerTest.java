package io.pipelinescheduler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerHttpServerTest {
  private final PipelineScheduler scheduler =
      PipelineScheduler.create(SchedulerConfig.builder().persistSchedules(false).build());
  private final HttpClient client = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    scheduler.close();
  }

  private int status(URI uri) throws Exception {
    return client
        .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void start_on_port_zero_takes_a_free_port_and_close_releases_it() throws Exception {
    SchedulerHttpServer server = SchedulerHttpServer.start(scheduler, 0);
    int port = server.port();
    assertThat(port).isPositive();
    assertThat(status(server.url().resolve("/api/schedules"))).isEqualTo(200);

    server.close();

    assertThatThrownBy(() -> status(server.url().resolve("/api/schedules")))
        .isInstanceOf(IOException.class);
    try (ServerSocket again = new ServerSocket(port, 0, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    server.close();
  }

  @Test
  void start_on_a_taken_port_fails_naming_the_address_and_port() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> SchedulerHttpServer.start(scheduler, port))
          .isInstanceOf(SchedulerException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + " for the HTTP API: ");
    }
  }

  @Test
  void closing_the_server_leaves_the_scheduler_running() {
    scheduler.start();

    SchedulerHttpServer.start(scheduler, 0).close();

    assertThat(scheduler.isRunning()).isTrue();
  }

  @Test
  void a_wildcard_bind_address_is_reachable_on_loopback_and_shown_as_localhost() throws Exception {
    try (SchedulerHttpServer server =
        SchedulerHttpServer.builder(scheduler).bindAddress("0.0.0.0").token("t").start()) {
      assertThat(server.url().getHost()).isEqualTo("localhost");
      assertThat(status(URI.create("http://127.0.0.1:" + server.port() + "/api/schedules")))
          .isEqualTo(200);
    }
  }

  @Test
  void the_builder_rejects_bad_values_naming_them() {
    SchedulerHttpServer.Builder builder = SchedulerHttpServer.builder(scheduler);

    assertThatThrownBy(() -> builder.port(-1)).hasMessage("port must be from 0 to 65535, was -1");
    assertThatThrownBy(() -> builder.port(65_536))
        .hasMessage("port must be from 0 to 65535, was 65536");
    assertThatThrownBy(() -> builder.maxBodyBytes(0))
        .hasMessage("maxBodyBytes must be at least 1, was 0");
    assertThatThrownBy(() -> builder.threads(0)).hasMessage("threads must be from 1 to 64, was 0");
    assertThatThrownBy(() -> builder.token(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token must be non-blank");
    assertThatThrownBy(() -> builder.bindAddress("")).hasMessage("bind address must not be blank");
    assertThatThrownBy(() -> builder.requestReadTimeout(Duration.ofMillis(10)))
        .hasMessage("requestReadTimeout must be from PT0.1S to PT10M, was PT0.01S");
    assertThatThrownBy(() -> builder.allowedHosts("http://scheduler.example.com"))
        .hasMessage(
            "allowed host must be a host name or an address such as scheduler.example.com, was"
                + " 'http://scheduler.example.com'");
    assertThatThrownBy(() -> SchedulerHttpServer.builder(null)).hasMessage("scheduler");
  }

  @Test
  void a_token_file_that_cannot_be_written_leaves_the_token_in_token_only() throws Exception {
    try (SchedulerHttpServer server =
        SchedulerHttpServer.builder(scheduler)
            .tokenFile(Path.of("/proc/no-such-dir/http.token"))
            .start()) {
      HttpResponse<String> created =
          client.send(
              HttpRequest.newBuilder(server.url().resolve("/api/schedules/none/disable"))
                  .header("Authorization", "Bearer " + server.token())
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(server.token()).hasSize(43);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(404);
    }
  }

  @Test
  void an_unresolvable_bind_address_fails_at_start_naming_it() {
    assertThatThrownBy(
            () ->
                SchedulerHttpServer.builder(scheduler).bindAddress("no-such-host.invalid").start())
        .isInstanceOf(SchedulerException.class)
        .hasMessageStartingWith("cannot resolve the HTTP bind address 'no-such-host.invalid'");
  }
}
