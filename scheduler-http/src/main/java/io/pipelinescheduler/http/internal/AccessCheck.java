package io.pipelinescheduler.http.internal;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The checks on a state-changing call: a browser's cross-origin request is refused (403), so a web
 * page elsewhere cannot steer a scheduler on localhost; when a token is set, {@code Authorization:
 * Bearer <token>} must carry it (401).
 */
final class AccessCheck {
  private static final String PREFIX = "Bearer ";

  private final byte[] token;

  AccessCheck(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  void check(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin != null && !sameOrigin(origin, host)) {
      throw new ApiException(
          403,
          "cross-origin request from '" + origin + "' refused; call the API from its own page");
    }
    if (token == null) {
      return;
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Map<String, String> challenge =
        Map.of("WWW-Authenticate", "Bearer realm=\"pipeline-scheduler\"");
    if (authorization == null
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new ApiException(
          401, "this call needs the header 'Authorization: Bearer <token>'", challenge);
    }
    byte[] given =
        authorization.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(token, given)) {
      throw new ApiException(401, "the bearer token is not valid", challenge);
    }
  }

  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      String authority = uri.getRawAuthority();
      return "http".equalsIgnoreCase(uri.getScheme()) && host.equalsIgnoreCase(authority);
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
