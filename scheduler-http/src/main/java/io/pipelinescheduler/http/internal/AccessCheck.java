package io.pipelinescheduler.http.internal;

import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The checks on a state-changing call, made after the {@link HostCheck}: a browser's cross-origin
 * request is refused (403), so a web page elsewhere cannot steer a scheduler on localhost; and
 * {@code Authorization: Bearer <token>} must carry the server's token (401). There is always a
 * token: the configured one or the one generated at start.
 */
final class AccessCheck {
  private static final String PREFIX = "Bearer ";

  private final byte[] token;
  private final String missing;

  AccessCheck(String token, boolean generated) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.missing =
        "this call needs the header 'Authorization: Bearer <token>'"
            + (generated
                ? "; this server generated its token at start: see SchedulerHttpServer.token() or"
                    + " the file named in its log"
                : "");
  }

  void check(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (origin != null && !sameOrigin(origin, host)) {
      throw new ApiException(
          403,
          "cross-origin request from '" + origin + "' refused; call the API from its own page");
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Map<String, String> challenge =
        Map.of("WWW-Authenticate", "Bearer realm=\"pipeline-scheduler\"");
    if (authorization == null
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new ApiException(401, missing, challenge);
    }
    byte[] given =
        authorization.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(token, given)) {
      throw new ApiException(401, "the bearer token is not valid", challenge);
    }
  }

  /** The page's origin is the host it called: same authority, over http or https (a proxy). */
  private static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    try {
      URI uri = new URI(origin);
      String scheme = uri.getScheme();
      return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && host.strip().equalsIgnoreCase(uri.getRawAuthority());
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
