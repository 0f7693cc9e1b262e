package io.pipelinescheduler.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A started scheduler on a settable clock (persistence off, a Prometheus registry), an HTTP server
 * on a free port (its generated token written to a temporary directory), and a client that speaks
 * to it over real HTTP; {@code post} and {@code delete} send the server's token.
 */
final class TestServer implements AutoCloseable {
  static final String START = "2026-03-09T08:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  final SettableClock clock = SettableClock.at(START);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final PipelineScheduler scheduler;
  final SchedulerHttpServer server;
  private final Path tokenDirectory;
  final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  /** One HTTP answer. */
  record Reply(int status, HttpResponse<String> response) {
    String body() {
      return response.body();
    }

    JsonNode json() {
      try {
        return JSON.readTree(response.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + response.body(), e);
      }
    }

    String error() {
      return json().path("error").asText(null);
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  TestServer() {
    this(builder -> builder);
  }

  TestServer(UnaryOperator<SchedulerHttpServer.Builder> options) {
    scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .persistSchedules(false)
                .clock(clock)
                .meterRegistry(registry)
                .build());
    scheduler.start();
    try {
      tokenDirectory = Files.createTempDirectory("scheduler-http-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server =
        options
            .apply(
                SchedulerHttpServer.builder(scheduler)
                    .port(0)
                    .prometheusRegistry(registry)
                    .tokenFile(tokenDirectory.resolve("http.token")))
            .start();
  }

  /** Where the server writes the token it generates when none is configured. */
  Path tokenFile() {
    return tokenDirectory.resolve("http.token");
  }

  /** A command job that prints {@code text}. */
  static CommandJob echo(String text) {
    return CommandJob.of("sh", "-c", "echo " + text);
  }

  /** The pipeline extract, notify, load whose notify step fails (exit 4) and is continued past. */
  static io.pipelinescheduler.Pipeline etlWithAFailingNotify() {
    return io.pipelinescheduler.Pipeline.named("etl")
        .step("extract", CommandJob.of("true"))
        .step("notify", CommandJob.of("sh", "-c", "exit 4"))
        .continueOnFailure()
        .step("load", CommandJob.of("true"));
  }

  URI uri(String path) {
    return server.url().resolve(path);
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** A POST with the server's token, as a client that was given it sends. */
  Reply post(String path, String json) {
    return send(
        authorized(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST without a body, with the server's token. */
  Reply post(String path) {
    return send(authorized(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** A DELETE with the server's token. */
  Reply delete(String path) {
    return send(authorized(uri(path)).DELETE());
  }

  private HttpRequest.Builder authorized(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (server.token() != null) {
      request.header("Authorization", "Bearer " + server.token());
    }
    return request;
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    scheduler.close();
    registry.close();
    try {
      Files.deleteIfExists(tokenFile());
      Files.deleteIfExists(tokenDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
