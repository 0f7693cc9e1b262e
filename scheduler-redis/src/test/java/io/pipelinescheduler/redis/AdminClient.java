package io.pipelinescheduler.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

/** A plain Redisson client for a test to look at or change what the backend stored. */
final class AdminClient implements AutoCloseable {
  private final RedissonClient client;

  AdminClient(String url) {
    this.client = Redisson.create(RedisLockBackend.configFromUrl(url));
  }

  /** Deletes one key; true when it was there. */
  boolean delete(String key) {
    return client.getKeys().delete(key) == 1;
  }

  /** How many keys start with {@code prefix}. */
  long count(String prefix) {
    return client.getKeys().getKeysStream(KeysScanOptions.defaults().pattern(prefix + "*")).count();
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
