package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.spi.StorageLockBackend;
import io.pipelinescheduler.testsupport.LockBackendContract;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lock backend contract against a real Redis (embedded, or {@code SCHEDULER_TEST_REDIS_URL}).
 * Two backends with their own Redisson clients compete as two scheduler instances would.
 */
class RedisLockBackendTest extends LockBackendContract {
  private final String prefix = TestRedis.uniquePrefix("contract");
  private LockBackend second;

  @Override
  protected LockBackend newBackend(Clock clock) {
    return new RedisLockBackend(
        RedisLockBackend.configFromUrl(TestRedis.url()),
        clock,
        prefix,
        RedisLockBackend.DEFAULT_RENEWAL_INTERVAL);
  }

  @Override
  protected LockBackend secondInstance() {
    if (second == null) {
      second = open();
    }
    return second;
  }

  @AfterEach
  void deleteKeys() {
    TestRedis.deleteKeys(prefix);
  }

  @Test
  void claims_are_keys_under_the_prefix_that_redis_expires_after_the_tombstone() {
    backend.tryClaim(claim("node-a")).orElseThrow().release();
    backend.tryClaim(claim("other", SLOT, 1, "node-a")).orElseThrow();

    List<Long> ttls = TestRedis.ttlMillis(prefix);

    assertThat(ttls)
        .hasSize(2)
        .allSatisfy(
            ttl ->
                assertThat(ttl)
                    .isGreaterThan(StorageLockBackend.MINIMUM_TOMBSTONE.minusSeconds(30).toMillis())
                    .isLessThanOrEqualTo(StorageLockBackend.MINIMUM_TOMBSTONE.toMillis()));
    assertThat(backend.healthDetails()).containsEntry("keyPrefix", prefix);
  }
}
