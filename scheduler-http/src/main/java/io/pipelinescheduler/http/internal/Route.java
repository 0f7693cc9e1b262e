package io.pipelinescheduler.http.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A path pattern such as {@code /api/schedules/{name}/run} and its handlers by method. A {@code
 * {param}} segment matches one percent-decoded path segment, so a name with a slash is sent as
 * {@code %2F}.
 */
public final class Route {
  private final String pattern;
  private final List<String> parts;
  private final Map<String, Handler> handlers = new LinkedHashMap<>();
  private boolean page;

  private Route(String pattern) {
    this.pattern = pattern;
    this.parts = segments(pattern);
  }

  /** A route for this pattern, with no handlers yet. */
  public static Route of(String pattern) {
    return new Route(pattern);
  }

  /** Answers GET (and HEAD) with {@code handler}. */
  public Route get(Handler handler) {
    handlers.put("GET", handler);
    return this;
  }

  /** Answers POST with {@code handler}. */
  public Route post(Handler handler) {
    handlers.put("POST", handler);
    return this;
  }

  /** Answers DELETE with {@code handler}. */
  public Route delete(Handler handler) {
    handlers.put("DELETE", handler);
    return this;
  }

  /**
   * Marks this route as part of the dashboard's page (the page, its script and styles), which holds
   * no data: it is served without a token even when reads need one.
   */
  public Route page() {
    this.page = true;
    return this;
  }

  /** Whether this route is {@linkplain #page() part of the page}. */
  public boolean isPage() {
    return page;
  }

  /** The pattern, e.g. {@code /api/schedules/{name}}. */
  public String pattern() {
    return pattern;
  }

  /** The methods answered, GET first when there. */
  public Set<String> methods() {
    return handlers.keySet();
  }

  Handler handler(String method) {
    return handlers.get("HEAD".equals(method) ? "GET" : method);
  }

  /** The decoded path parameters when {@code rawPath} matches, else null. */
  Map<String, String> match(List<String> rawSegments) {
    if (rawSegments.size() != parts.size()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      String segment = rawSegments.get(i);
      if (part.startsWith("{") && part.endsWith("}")) {
        String value = decodePath(segment);
        if (value.isEmpty()) {
          return null;
        }
        params.put(part.substring(1, part.length() - 1), value);
      } else if (!part.equals(segment)) {
        return null;
      }
    }
    return params;
  }

  /** The raw segments of a path; "/" has none and a trailing slash is ignored. */
  static List<String> segments(String rawPath) {
    String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.isEmpty() ? List.of() : List.of(path.split("/", -1));
  }

  private static String decodePath(String segment) {
    try {
      // URLDecoder reads '+' as a space, which is right for queries only.
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "malformed path segment '" + segment + "'");
    }
  }
}
