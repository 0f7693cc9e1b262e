package io.pipelinescheduler.redis;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.SingleServerConfig;

/**
 * Turns {@code redis://[[user]:password@]host[:port][/database]} (or {@code rediss://} for TLS)
 * into a Redisson configuration for one server, with timeouts short enough that a claim made while
 * Redis is unreachable fails within a few seconds instead of stalling the scheduler's timer. A user
 * info without a colon is a password (as Spring Boot reads it). Stateless.
 */
final class RedisUrl {
  /** How long opening a connection may take. */
  static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  /** How long a command may wait for its answer. */
  static final int RESPONSE_TIMEOUT_MILLIS = 2_000;

  /** Retries of a command that failed to be sent; the claim then fails. */
  static final int RETRY_ATTEMPTS = 1;

  /** The pause before that retry. */
  static final Duration RETRY_DELAY = Duration.ofMillis(200);

  private static final int DEFAULT_PORT = 6379;
  private static final String EXAMPLE =
      "e.g. redis://localhost:6379 or rediss://:password@host:6380/0";

  private RedisUrl() {}

  /**
   * A single-server configuration for the URL.
   *
   * @param url a {@code redis://} or {@code rediss://} URL
   * @param clientName the connection name shown by {@code CLIENT LIST}, or null for none
   * @throws SchedulerException quoting the URL, its password masked, when it cannot be read
   */
  static Config toConfig(String url, String clientName) {
    URI uri = parse(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw invalid(url, "must start with redis:// or rediss://");
    }
    if (uri.getHost() == null) {
      throw invalid(url, "names no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(
          url,
          "has a query or fragment, which is not read; put further settings in a Redisson YAML"
              + " file named by "
              + RedisLockBackendProvider.CONFIG_FILE_VARIABLE);
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    Config config = new Config();
    SingleServerConfig server =
        config
            .useSingleServer()
            .setAddress(scheme + "://" + uri.getHost() + ":" + port)
            .setDatabase(database(url, uri.getPath()))
            .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
            .setTimeout(RESPONSE_TIMEOUT_MILLIS)
            .setRetryAttempts(RETRY_ATTEMPTS)
            .setRetryDelay(new ConstantDelay(RETRY_DELAY))
            .setConnectionMinimumIdleSize(1)
            .setConnectionPoolSize(8)
            .setSubscriptionConnectionMinimumIdleSize(0)
            .setSubscriptionConnectionPoolSize(1);
    if (clientName != null) {
      server.setClientName(clientName);
    }
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? "" : userInfo.substring(0, colon);
      String password = colon < 0 ? userInfo : userInfo.substring(colon + 1);
      if (!user.isEmpty()) {
        config.setUsername(user);
      }
      if (!password.isEmpty()) {
        config.setPassword(password);
      }
    }
    return config;
  }

  /** The URL with any password masked, for messages and logs. */
  static String masked(String url) {
    return Secrets.maskUrl(url);
  }

  private static URI parse(String url) {
    try {
      return new URI(url.strip());
    } catch (URISyntaxException e) {
      // e.getMessage() quotes the input, password and all: give only the reason and position.
      throw invalid(
          url, "is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
  }

  private static int database(String url, String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int database = Integer.parseInt(path.substring(1));
      if (database >= 0) {
        return database;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(url, "has path '" + path + "'; only a database number may follow the host");
  }

  private static SchedulerException invalid(String url, String problem) {
    return new SchedulerException("redisUrl '" + masked(url) + "' " + problem + ", " + EXAMPLE);
  }
}
