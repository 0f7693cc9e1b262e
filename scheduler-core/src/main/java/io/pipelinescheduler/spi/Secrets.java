package io.pipelinescheduler.spi;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Masks secrets in values that are logged or quoted in error messages: a backend or store author
 * passes every connection URL through {@link #maskUrl} before it reaches a log line, an exception
 * message or health details. Stateless and thread-safe; methods return null for null and never
 * throw.
 */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  // user:password@ in the authority of any URL (redis://:pw@host, jdbc:postgresql://u:pw@host)
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/@:?#]*):[^/@?#]*@");
  // password=..., secret=..., token=... as query or JDBC property (?, &, ;)
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)([?&;](?:password|passwd|pwd|secret|token|api[-_]?key)=)[^&;#]*");

  private Secrets() {}

  /** The URL with any password in its user info and any password-like parameter masked. */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = USERINFO_PASSWORD.matcher(url).replaceAll("$1:" + MASK + "@");
    return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
  }

  /**
   * A webhook URL shown as scheme, host and port only: chat webhooks (Slack, Teams) carry their
   * token in the path.
   */
  public static String maskWebhook(URI webhook) {
    if (webhook == null) {
      return null;
    }
    String host = webhook.getHost() == null ? "" : webhook.getHost();
    String port = webhook.getPort() < 0 ? "" : ":" + webhook.getPort();
    boolean hasMore =
        (webhook.getRawPath() != null && webhook.getRawPath().length() > 1)
            || webhook.getRawQuery() != null;
    return webhook.getScheme() + "://" + host + port + (hasMore ? "/" + MASK : "");
  }
}
