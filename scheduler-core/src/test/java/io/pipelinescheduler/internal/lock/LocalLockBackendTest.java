package io.pipelinescheduler.internal.lock;

import static io.pipelinescheduler.internal.lock.LockTestFixture.SLOT;
import static io.pipelinescheduler.internal.lock.LockTestFixture.claim;
import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What only the {@code local} backend does; the lock backend contract runs against it in
 * scheduler-test-support.
 */
class LocalLockBackendTest {
  private final LockTestFixture fixture = new LockTestFixture();
  private final SettableClock clock = fixture.clock;
  private final LockBackend backend = fixture.opened(new LocalLockBackend(clock));

  @AfterEach
  void closeBackends() {
    fixture.close();
  }

  private void advance(Duration duration) {
    clock.advance(duration);
  }

  @Test
  void expired_tombstones_are_purged_by_later_claims_so_memory_stays_bounded() {
    LocalLockBackend local = (LocalLockBackend) backend;
    for (int i = 0; i < 1000; i++) {
      local.tryClaim(claim("burst", SLOT.plusSeconds(i), 1, "a")).orElseThrow().release();
    }
    advance(Duration.ofMinutes(6));

    for (int i = 0; i < 20; i++) {
      local.tryClaim(claim("later", SLOT.plusSeconds(i), 1, "a")).orElseThrow();
    }

    assertThat(local.size()).isEqualTo(20);
  }

  @Test
  void a_running_claim_is_not_purged() {
    LocalLockBackend local = (LocalLockBackend) backend;
    local.tryClaim(claim("a")).orElseThrow();
    advance(Duration.ofHours(1));

    int purged = local.purgeExpired(clock.instant(), Integer.MAX_VALUE);

    assertThat(purged).isZero();
    assertThat(local.size()).isEqualTo(1);
  }
}
