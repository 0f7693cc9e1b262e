package io.pipelinescheduler.http.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.UnknownScheduleException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every request in two stages. On the thread that read the request line and headers (a
 * reading thread, under the {@link ReadDeadlines}): the Host check, then the whole body, bounded in
 * size. Then on one of the server's handler threads: 404 for an unknown path, 405 for a wrong
 * method, the origin and token checks for state-changing calls, then the endpoint; exceptions
 * become JSON errors. A client that sends slowly holds a reading thread only, never a handler.
 */
public final class Dispatcher implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final ApiSettings settings;
  private final List<Route> routes;
  private final HostCheck hosts;
  private final AccessCheck access;
  private final ExecutorService handlers;

  /**
   * A dispatcher over the API routes for these settings.
   *
   * @param handlers the threads that run endpoints once a request has been read
   */
  public Dispatcher(ApiSettings settings, HostCheck hosts, ExecutorService handlers) {
    this.settings = settings;
    this.routes = ApiRoutes.create(settings);
    this.hosts = hosts;
    this.access = new AccessCheck(settings.token(), settings.tokenGenerated());
    this.handlers = handlers;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try {
        hosts.check(exchange);
        body = Request.readBody(exchange, settings.maxBodyBytes());
      } catch (ApiException e) {
        send(exchange, Response.error(e.status(), e.getMessage(), e.headers()));
        return;
      }
      if (!ReadDeadlines.endReading()) {
        throw new IOException("the request was not read within its deadline");
      }
      send(exchange, handle(exchange, body));
    } catch (IOException e) {
      log.debug(
          "{} {}: client went away",
          exchange.getRequestMethod(),
          exchange.getRequestURI().getPath());
      throw e; // the JDK server then drops the connection
    } finally {
      exchange.close();
    }
  }

  /** Runs the endpoint on a handler thread and waits for its answer. */
  private Response handle(HttpExchange exchange, byte[] body) throws IOException {
    Future<Response> answer = handlers.submit(() -> respond(exchange, body));
    try {
      return answer.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("respond() answers every exception", e.getCause());
    } catch (CancellationException | RejectedExecutionException e) {
      throw new IOException("the server is closing", e);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the request was handled", e);
    }
  }

  private Response respond(HttpExchange exchange, byte[] body) {
    try {
      return dispatch(exchange, body);
    } catch (ApiException e) {
      return Response.error(e.status(), e.getMessage(), e.headers());
    } catch (UnknownScheduleException e) {
      return Response.error(404, e.getMessage(), Map.of());
    } catch (InvalidScheduleException e) {
      return Response.error(400, e.getMessage(), Map.of());
    } catch (SchedulerException e) {
      log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
      return Response.error(500, e.getMessage(), Map.of());
    } catch (RuntimeException | IOException e) {
      log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
      return Response.error(
          500, "internal error: " + e.getClass().getName() + ": " + e.getMessage(), Map.of());
    }
  }

  private Response dispatch(HttpExchange exchange, byte[] body) throws IOException {
    String method = exchange.getRequestMethod();
    List<String> segments = Route.segments(exchange.getRequestURI().getRawPath());
    for (Route route : routes) {
      Map<String, String> params = route.match(segments);
      if (params == null) {
        continue;
      }
      Handler handler = route.handler(method);
      if (handler == null) {
        String allow = String.join(", ", route.methods());
        throw new ApiException(
            405,
            "method " + method + " is not allowed on " + route.pattern() + "; use " + allow,
            Map.of("Allow", allow));
      }
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        access.check(exchange);
      }
      return handler.handle(new Request(exchange, params, body));
    }
    throw new ApiException(
        404, "no such endpoint: " + method + " " + exchange.getRequestURI().getRawPath());
  }

  private static void send(HttpExchange exchange, Response response) throws IOException {
    var headers = exchange.getResponseHeaders();
    response.headers().forEach(headers::set);
    if (response.contentType() != null) {
      headers.set("Content-Type", response.contentType());
    }
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.putIfAbsent("Cache-Control", List.of("no-store"));
    boolean noBody =
        "HEAD".equals(exchange.getRequestMethod())
            || response.status() == 204
            || response.body().length == 0;
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    }
  }
}
