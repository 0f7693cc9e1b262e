package io.pipelinescheduler.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

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

  @Override
  public void close() {
    client.shutdown();
  }
}
