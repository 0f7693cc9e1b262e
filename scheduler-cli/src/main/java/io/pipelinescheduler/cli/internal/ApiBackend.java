package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A scheduler's REST API ({@code scheduler-http}, docs/http.md), over the JDK's HTTP client. Sends
 * the token as {@code Authorization: Bearer} on every call when one is given (reads do not need
 * it). Not thread-safe in the sense that matters here: one command uses it at a time.
 */
final class ApiBackend implements Backend {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String base;
  private final String token;
  private final HttpClient client;

  /**
   * @param url the server's address, with its mount point if any, e.g. {@code
   *     http://127.0.0.1:8080} or {@code https://app.example.com/scheduler}
   * @param token the bearer token, or null
   */
  ApiBackend(String url, String token) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, "--url '" + url + "' is not a URL: " + e.getMessage());
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new CliException(
          ExitCode.USAGE, "--url '" + url + "' must be an http or https URL with a host");
    }
    String text = uri.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.token = token == null || token.isBlank() ? null : token.strip();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public List<JsonNode> schedules() {
    return list(call("GET", "/api/schedules", null).body());
  }

  @Override
  public JsonNode schedule(String name) {
    return call("GET", "/api/schedules/" + segment(name), null).body();
  }

  @Override
  public List<JsonNode> history(String name, int limit) {
    return list(
        call("GET", "/api/schedules/" + segment(name) + "/history?limit=" + limit, null).body());
  }

  @Override
  public JsonNode startRun(String name) {
    return call("POST", "/api/schedules/" + segment(name) + "/run", "").body();
  }

  @Override
  public JsonNode run(String runId) {
    return call("GET", "/api/runs/" + segment(runId), null).body();
  }

  @Override
  public void cancel(String runId) {
    call("POST", "/api/runs/" + segment(runId) + "/cancel", "");
  }

  @Override
  public JsonNode setEnabled(String name, boolean enabled) {
    String action = enabled ? "/enable" : "/disable";
    return call("POST", "/api/schedules/" + segment(name) + action, "").body();
  }

  @Override
  public void delete(String name) {
    call("DELETE", "/api/schedules/" + segment(name), null);
  }

  /**
   * The definitions of {@code GET /api/schedules}: what looks like a secret is masked there ({@code
   * ***}), so this export is for reading and moving schedules without secrets; {@code --db} exports
   * the real values.
   */
  @Override
  public String export() {
    ArrayNode entries = Json.MAPPER.createArrayNode();
    for (JsonNode schedule : schedules()) {
      if (schedule.path("dataDefined").asBoolean(false)) {
        entries
            .addObject()
            .put("name", schedule.path("name").asText())
            .set("definition", schedule.path("definition"));
      }
    }
    return Json.write(entries);
  }

  @Override
  public List<String> importSchedules(String json) {
    JsonNode created = call("POST", "/api/schedules", json).body();
    List<String> names = new ArrayList<>();
    if (created.isArray()) {
      created.forEach(view -> names.add(view.path("name").asText()));
    } else {
      names.add(created.path("name").asText());
    }
    return names;
  }

  @Override
  public HealthReport health() {
    Reply reply = send("GET", "/api/scheduler/health", null);
    if (reply.status() == 503) {
      return new HealthReport(reply.body(), true);
    }
    return new HealthReport(check(reply, "/api/scheduler/health").body(), false);
  }

  @Override
  public void close() {
    // the JDK's client needs no closing on Java 17
  }

  private record Reply(int status, JsonNode body) {}

  private Reply call(String method, String path, String body) {
    return check(send(method, path, body), path);
  }

  private Reply send(String method, String path, String body) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(
          ExitCode.UNREACHABLE,
          "cannot reach the scheduler at "
              + base
              + " ("
              + method
              + " "
              + path
              + "): "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.ERROR, "interrupted while calling " + uri);
    }
    String text = response.body();
    JsonNode json =
        text == null || text.isBlank()
            ? Json.MAPPER.nullNode()
            : Json.parse(text, "the answer to " + method + " " + path);
    return new Reply(response.statusCode(), json);
  }

  private Reply check(Reply reply, String path) {
    int status = reply.status();
    if (status >= 200 && status < 300) {
      return reply;
    }
    String error = reply.body().path("error").asText("HTTP " + status + " for " + path);
    if (status == 404) {
      throw new CliException(ExitCode.NOT_FOUND, error);
    }
    if (status == 401) {
      throw new CliException(
          ExitCode.UNAUTHORIZED,
          error + " (HTTP 401; give the server's token with --token or SCHEDULER_TOKEN)");
    }
    if (status == 403) {
      throw new CliException(ExitCode.UNAUTHORIZED, error + " (HTTP 403)");
    }
    throw new CliException(ExitCode.ERROR, error + " (HTTP " + status + ")");
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
