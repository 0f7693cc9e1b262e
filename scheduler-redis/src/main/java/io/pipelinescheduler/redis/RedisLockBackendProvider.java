package io.pipelinescheduler.redis;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockBackendProvider;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the {@code redis} backend, {@link RedisLockBackend}, for {@code lockBackend("redis")} or
 * {@code SCHEDULER_LOCK_BACKEND=redis}.
 *
 * <p>Where Redis is: {@link SchedulerConfig#redisUrl()} ({@code SCHEDULER_REDIS_URL}, default
 * {@code redis://localhost:6379}; {@code rediss://} for TLS; {@code redis://:password@host:port/db}
 * for a password and a database), read with the short timeouts of {@link
 * RedisLockBackend#configFromUrl}. For sentinel, cluster, a TLS trust store or anything else,
 * {@value #CONFIG_FILE_VARIABLE} names a Redisson YAML configuration file that is used instead of
 * the URL. {@value #KEY_PREFIX_VARIABLE} changes the key prefix (default {@value
 * RedisLockBackend#DEFAULT_KEY_PREFIX}), so that applications sharing a Redis keep apart.
 */
public final class RedisLockBackendProvider implements LockBackendProvider {
  /** Names a Redisson YAML configuration file used instead of the URL: {@value}. */
  public static final String CONFIG_FILE_VARIABLE = "SCHEDULER_REDIS_CONFIG";

  /** Changes the prefix of claim keys: {@value}. */
  public static final String KEY_PREFIX_VARIABLE = "SCHEDULER_REDIS_KEY_PREFIX";

  private static final Logger log = LoggerFactory.getLogger(RedisLockBackendProvider.class);

  private final Map<String, String> environment;

  /** Called by {@link java.util.ServiceLoader}; reads the process environment at {@code create}. */
  public RedisLockBackendProvider() {
    this(System.getenv());
  }

  /** Reads these variables instead of the process environment; for tests. */
  RedisLockBackendProvider(Map<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String name() {
    return RedisLockBackend.NAME;
  }

  /**
   * Connects to Redis.
   *
   * @throws SchedulerException when the URL or the configuration file cannot be read, or, saying
   *     where Redis was looked for (passwords masked), when it cannot be reached
   */
  @Override
  public LockBackend create(SchedulerConfig config) {
    String prefix = value(KEY_PREFIX_VARIABLE);
    String keyPrefix = prefix == null ? RedisLockBackend.DEFAULT_KEY_PREFIX : prefix;
    String file = value(CONFIG_FILE_VARIABLE);
    Config redisson;
    String target;
    if (file != null) {
      redisson = readYaml(Path.of(file));
      target =
          RedisTargets.describe(redisson) + " (from " + CONFIG_FILE_VARIABLE + "=" + file + ")";
      log.info("{} is set; redisUrl is not used", CONFIG_FILE_VARIABLE);
    } else {
      redisson = RedisUrl.toConfig(config.redisUrl(), RedisLockBackend.clientName(config));
      target = RedisUrl.masked(config.redisUrl());
    }
    return new RedisLockBackend(
        redisson, config.clock(), keyPrefix, RedisLockBackend.DEFAULT_RENEWAL_INTERVAL, target);
  }

  private String value(String variable) {
    String value = environment.get(variable);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Config readYaml(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SchedulerException(
          CONFIG_FILE_VARIABLE + " '" + file.toAbsolutePath() + "' is not a file");
    }
    try {
      return Config.fromYAML(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new SchedulerException(
          CONFIG_FILE_VARIABLE
              + " '"
              + file.toAbsolutePath()
              + "' is not a valid Redisson YAML configuration: "
              + Secrets.maskUrl(String.valueOf(e.getMessage())),
          e);
    }
  }
}
