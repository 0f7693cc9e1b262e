package io.pipelinescheduler.internal.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What only the {@code local} backend does; the lock backend contract runs against it in
 * scheduler-test-support.
 */
class LocalLockBackendTest {
  static final Instant START = Instant.parse("2030-03-01T12:00:00Z");
  static final Instant SLOT = Instant.parse("2030-03-01T11:00:00Z");

  private final SettableClock clock = new SettableClock(START);
  private final List<LockBackend> opened = new ArrayList<>();
  private final LockBackend backend = open();

  private LockBackend open() {
    LockBackend b = new LocalLockBackend(clock);
    opened.add(b);
    return b;
  }

  @AfterEach
  void closeBackends() {
    opened.forEach(LockBackend::close);
  }

  private void advance(Duration duration) {
    clock.advance(duration);
  }

  private static SlotClaim claim(String schedule, Instant slot, int attempt, String owner) {
    return new SlotClaim(schedule, slot, attempt, owner, Duration.ofSeconds(10));
  }

  private static SlotClaim claim(String owner) {
    return claim("nightly-report", SLOT, 1, owner);
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
