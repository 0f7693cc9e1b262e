package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.http.SchedulerHttpApi.Call;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The checks on a call, made after the {@link HostCheck}: a browser's cross-origin state-changing
 * request is refused (403), so a web page elsewhere cannot steer a scheduler on localhost; and
 * {@code Authorization: Bearer <token>} must carry the server's token (401). With a token there is
 * always one: the configured one or the one generated at start; without (access checked by the
 * container) only the origin is checked.
 */
final class AccessCheck {
  private static final String PREFIX = "Bearer ";

  private final byte[] token;
  private final String missing;

  AccessCheck(String token, boolean generated, OptionNames names) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.missing =
        "this call needs the header 'Authorization: Bearer <token>'"
            + (generated
                ? "; this server generated its token at start: see " + names.generatedToken()
                : "");
  }

  /**
   * Checks a state-changing call: its origin, then its token when {@code tokenNeeded}.
   *
   * @throws ApiException 403 for another origin, 401 without the token
   */
  void checkChange(Call call, boolean tokenNeeded) {
    String origin = call.header("Origin");
    String host = call.header("Host");
    if (origin != null && !sameOrigin(origin, host)) {
      throw new ApiException(
          403,
          "cross-origin request from '" + origin + "' refused; call the API from its own page");
    }
    if (tokenNeeded) {
      checkToken(call);
    }
  }

  /**
   * Checks that the call carries the token.
   *
   * @throws ApiException 401 without it
   */
  void checkToken(Call call) {
    String authorization = call.header("Authorization");
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
