package io.pipelinescheduler.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

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

  /** One field of a claim's hash, e.g. {@code state}; null when the key or field is absent. */
  String field(String key, String field) {
    return client.<String, String>getMap(key, StringCodec.INSTANCE).get(field);
  }

  /** Empties the server's script cache, as a restart or a failover to a fresh replica does. */
  void flushScripts() {
    client.getScript().scriptFlush();
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
