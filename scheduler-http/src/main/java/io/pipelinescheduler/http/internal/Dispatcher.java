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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request: 404 for an unknown path, 405 for a wrong method, then the token and origin
 * checks for state-changing calls, then the endpoint; exceptions become JSON errors.
 */
public final class Dispatcher implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final ApiSettings settings;
  private final List<Route> routes;
  private final AccessCheck access;

  /** A dispatcher over the API routes for these settings. */
  public Dispatcher(ApiSettings settings) {
    this.settings = settings;
    this.routes = ApiRoutes.create(settings);
    this.access = new AccessCheck(settings.token());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      Response response;
      try {
        response = dispatch(exchange);
      } catch (ApiException e) {
        response = Response.error(e.status(), e.getMessage(), e.headers());
      } catch (UnknownScheduleException e) {
        response = Response.error(404, e.getMessage(), Map.of());
      } catch (InvalidScheduleException e) {
        response = Response.error(400, e.getMessage(), Map.of());
      } catch (SchedulerException e) {
        log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response = Response.error(500, e.getMessage(), Map.of());
      } catch (RuntimeException e) {
        log.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response =
            Response.error(
                500, "internal error: " + e.getClass().getName() + ": " + e.getMessage(), Map.of());
      }
      send(exchange, response);
    } catch (IOException e) {
      log.debug("{} {}: client went away", exchange.getRequestMethod(), exchange.getRequestURI());
    } finally {
      exchange.close();
    }
  }

  private Response dispatch(HttpExchange exchange) throws IOException {
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
      return handler.handle(new Request(exchange, params, settings.maxBodyBytes()));
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
