package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.UnknownScheduleException;
import io.pipelinescheduler.http.SchedulerHttpApi.Access;
import io.pipelinescheduler.http.SchedulerHttpApi.Call;
import io.pipelinescheduler.http.SchedulerHttpApi.Reply;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API whatever the web server: {@link #admit} makes the Host check and reads the bounded body;
 * {@link #respond} finds the route (404, 405), checks the caller for the route and method, and runs
 * the endpoint, turning exceptions into JSON errors; {@link #reply} adds the security headers. The
 * own-port server runs the two stages on different threads, a container on its own thread ({@link
 * #serve}). Thread-safe.
 */
public final class Api {
  private static final Logger log = LoggerFactory.getLogger(Api.class);

  private final ApiSettings settings;
  private final List<Route> routes;
  private final HostCheck hosts;
  private final AccessCheck access;

  /**
   * The API for these settings.
   *
   * @param hosts the Host check, or null for none
   */
  public Api(ApiSettings settings, HostCheck hosts) {
    this.settings = settings;
    this.routes = ApiRoutes.create(settings);
    this.hosts = hosts;
    this.access = new AccessCheck(settings.token(), settings.tokenGenerated(), settings.names());
  }

  /**
   * The first stage: the Host check, then the whole body.
   *
   * @throws ApiException for an error answer (403 host, 413 too large, 400 bad length)
   * @throws IOException when the client goes away
   */
  public byte[] admit(Call call) throws IOException {
    if (hosts != null) {
      hosts.check(call);
    }
    return Request.readBody(call, settings.maxBodyBytes(), settings.names());
  }

  /** The second stage: the answer of the endpoint, or an error answer; never throws. */
  public Response respond(Call call, byte[] body) {
    try {
      return dispatch(call, body);
    } catch (ApiException e) {
      return Response.error(e.status(), e.getMessage(), e.headers());
    } catch (UnknownScheduleException e) {
      return Response.error(404, e.getMessage(), Map.of());
    } catch (InvalidScheduleException e) {
      return Response.error(400, e.getMessage(), Map.of());
    } catch (SchedulerException e) {
      log.warn("{} {} failed", call.method(), call.rawPath(), e);
      return Response.error(500, e.getMessage(), Map.of());
    } catch (RuntimeException | IOException e) {
      log.error("{} {} failed", call.method(), call.rawPath(), e);
      return Response.error(
          500, "internal error: " + e.getClass().getName() + ": " + e.getMessage(), Map.of());
    }
  }

  /** Both stages on this thread. */
  public Reply serve(Call call) throws IOException {
    byte[] body;
    try {
      body = admit(call);
    } catch (ApiException e) {
      return reply(call, Response.error(e.status(), e.getMessage(), e.headers()));
    }
    return reply(call, respond(call, body));
  }

  /** The response with the security headers; no body for HEAD and 204. */
  public static Reply reply(Call call, Response response) {
    return toReply(call.method(), response);
  }

  private static Reply toReply(String method, Response response) {
    Map<String, String> headers = new LinkedHashMap<>(response.headers());
    if (response.contentType() != null) {
      headers.put("Content-Type", response.contentType());
    }
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "no-referrer");
    headers.putIfAbsent("Cache-Control", "no-store");
    boolean noBody = "HEAD".equals(method) || response.status() == 204;
    return new Reply(response.status(), headers, noBody ? new byte[0] : response.body());
  }

  /** An error reply with the security headers, for a refusal before the API. */
  public static Reply errorReply(int status, String message, Map<String, String> headers) {
    return toReply("GET", Response.error(status, message, headers));
  }

  private Response dispatch(Call call, byte[] body) throws IOException {
    String method = call.method();
    List<String> segments = Route.segments(call.rawPath());
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
      boolean read = "GET".equals(method) || "HEAD".equals(method);
      if (!read) {
        access.checkChange(call, settings.access() != Access.CHECKED_BY_CONTAINER);
      } else if (settings.access() == Access.TOKEN_FOR_EVERY_CALL && !route.isPage()) {
        access.checkToken(call);
      }
      return handler.handle(new Request(call, params, body));
    }
    throw new ApiException(404, "no such endpoint: " + method + " " + call.rawPath());
  }
}
