package io.pipelinescheduler.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.redisson.Redisson;
import org.redisson.api.RKeys;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/**
 * The Redis the suites share: the server named by {@value #URL_VARIABLE} when it is set, else one
 * {@link RedisServerProcess} started on first use and killed when the JVM exits. Tests that stop
 * and start Redis use a server of their own instead.
 */
public final class TestRedis {
  /** Points the suites at an external Redis, e.g. {@code redis://:secret@ci-redis:6379/5}. */
  public static final String URL_VARIABLE = "SCHEDULER_TEST_REDIS_URL";

  private static String url;
  private static RedissonClient admin;

  private TestRedis() {}

  /** The shared Redis's URL; starts the embedded server on first call. */
  public static synchronized String url() {
    if (url == null) {
      String external = System.getenv(URL_VARIABLE);
      if (external != null && !external.isBlank()) {
        url = external.strip();
      } else {
        url = startEmbedded();
      }
    }
    return url;
  }

  /** A key prefix no other test uses, so that tests sharing a Redis keep apart. */
  public static String uniquePrefix(String test) {
    return "pipeline-scheduler-test:" + test + ":" + UUID.randomUUID() + ":";
  }

  /** Deletes every key starting with {@code prefix} from the shared Redis. */
  public static void deleteKeys(String prefix) {
    admin().getKeys().deleteByPattern(prefix + "*");
  }

  /** How many keys start with {@code prefix} in the shared Redis. */
  public static long countKeys(String prefix) {
    return admin()
        .getKeys()
        .getKeysStream(KeysScanOptions.defaults().pattern(prefix + "*"))
        .count();
  }

  /** The remaining time to live of every key starting with {@code prefix}, in milliseconds. */
  public static java.util.List<Long> ttlMillis(String prefix) {
    RKeys keys = admin().getKeys();
    return keys.getKeysStream(KeysScanOptions.defaults().pattern(prefix + "*"))
        .map(keys::remainTimeToLive)
        .toList();
  }

  private static synchronized RedissonClient admin() {
    if (admin == null) {
      admin = Redisson.create(RedisLockBackend.configFromUrl(url()));
      Runtime.getRuntime().addShutdownHook(new Thread(admin::shutdown, "test-redis-admin-close"));
    }
    return admin;
  }

  /** Deletes a directory and everything in it; what cannot be deleted is left. */
  public static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // left for the OS to clean
    }
  }

  private static String startEmbedded() {
    try {
      Path dir = Files.createTempDirectory("pipeline-scheduler-test-redis");
      RedisServerProcess server = RedisServerProcess.start(dir);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.kill();
                    deleteTree(dir);
                  },
                  "test-redis-kill"));
      return server.url();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test redis-server", e);
    }
  }
}
