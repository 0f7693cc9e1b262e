package io.pipelinescheduler.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The template's own logic and its renewal decorator, with a storage whose renewals and failures
 * the test controls.
 */
class StorageLockBackendTest {
  private static final Instant START = Instant.parse("2030-03-01T12:00:00Z");
  private final SettableClock clock = new SettableClock(START);
  private final LeaseStorage storage = new LeaseStorage();
  private final LockBackend backend =
      new RenewingLockBackend(
          new StorageLockBackend("lease", clock, storage), Duration.ofMillis(10));

  @AfterEach
  void close() {
    backend.close();
  }

  private static SlotClaim claim(Duration tombstone) {
    return new SlotClaim("lease", START, 1, "node-a", tombstone);
  }

  @Test
  void the_tombstone_is_the_claims_own_but_at_least_five_minutes() {
    assertThat(StorageLockBackend.effectiveTombstone(Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(StorageLockBackend.effectiveTombstone(Duration.ofSeconds(-1)))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(StorageLockBackend.effectiveTombstone(Duration.ofHours(2)))
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void a_claim_is_stored_with_its_key_owner_and_tombstone_from_now() {
    backend.tryClaim(claim(Duration.ofMinutes(30))).orElseThrow();

    assertThat(storage.inserted)
        .containsExactly(
            "lease|" + START.toEpochMilli() + "|1 node-a " + START.plus(Duration.ofMinutes(30)));
  }

  @Test
  void a_held_claim_is_renewed_to_now_plus_its_tombstone() {
    backend.tryClaim(claim(Duration.ofMinutes(30))).orElseThrow();
    clock.advance(Duration.ofMinutes(10));

    await().atMost(Duration.ofSeconds(10)).until(() -> !storage.renewals.isEmpty());

    assertThat(storage.renewals)
        .allMatch(
            until ->
                until.equals(START.plus(Duration.ofMinutes(40)))
                    || until.equals(START.plus(Duration.ofMinutes(30))));
    assertThat(storage.renewals).contains(START.plus(Duration.ofMinutes(40)));
  }

  @Test
  void a_claim_the_storage_refuses_to_renew_is_reported_lost_and_not_finished() {
    SlotLock lock = backend.tryClaim(claim(Duration.ZERO)).orElseThrow();

    storage.renewResult = false;
    await().atMost(Duration.ofSeconds(10)).until(lock::isLost);
    lock.release();

    assertThat(storage.finished).isEmpty();
    assertThat(backend.healthDetails())
        .containsEntry("leasesLost", 1L)
        .containsEntry("claimsHeld", 0);
  }

  @Test
  void a_renewal_that_fails_counts_as_lost_and_is_the_last_error() {
    SlotLock lock = backend.tryClaim(claim(Duration.ZERO)).orElseThrow();

    storage.failRenewals = true;
    await().atMost(Duration.ofSeconds(10)).until(lock::isLost);

    assertThat(backend.healthDetails())
        .containsEntry("leasesLost", 1L)
        .hasEntrySatisfying(
            "lastError",
            e -> assertThat((String) e).contains("lock backend 'lease' could not renew 'lease|"));
  }

  @Test
  void a_storage_failure_while_claiming_is_a_scheduler_exception_naming_backend_and_key() {
    storage.failInserts = true;

    assertThatThrownBy(() -> backend.tryClaim(claim(Duration.ZERO)))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("lock backend 'lease' could not claim 'lease|")
        .hasMessageContaining("disk on fire")
        .hasCauseInstanceOf(IOException.class);
    assertThat(backend.healthDetails()).containsEntry("errors", 1L);
  }

  @Test
  void a_storage_failure_while_releasing_is_counted_not_thrown() {
    SlotLock lock = backend.tryClaim(claim(Duration.ZERO)).orElseThrow();
    storage.failFinishes = true;

    assertThatCode(lock::release).doesNotThrowAnyException();
    assertThat(backend.healthDetails()).containsEntry("errors", 1L).containsEntry("claimsHeld", 0);
  }

  @Test
  void release_finishes_once_with_a_tombstone_counted_from_the_release() {
    SlotLock lock = backend.tryClaim(claim(Duration.ZERO)).orElseThrow();
    clock.advance(Duration.ofMinutes(7));

    lock.release();
    lock.release();

    assertThat(storage.finished).containsExactly(START.plus(Duration.ofMinutes(12)));
  }

  /** A storage that records its calls. */
  private static final class LeaseStorage implements ClaimStorage {
    final List<String> inserted = new CopyOnWriteArrayList<>();
    final List<Instant> renewals = new CopyOnWriteArrayList<>();
    final List<Instant> finished = new CopyOnWriteArrayList<>();
    final Map<String, String> owners = new ConcurrentHashMap<>();
    volatile boolean renewResult = true;
    volatile boolean failRenewals;
    volatile boolean failInserts;
    volatile boolean failFinishes;

    @Override
    public boolean insertIfAbsentOrExpired(
        String key, String owner, Instant now, Instant tombstoneUntil) throws IOException {
      if (failInserts) {
        throw new IOException("disk on fire");
      }
      inserted.add(key + " " + owner + " " + tombstoneUntil);
      return owners.putIfAbsent(key, owner) == null;
    }

    @Override
    public void finish(String key, String owner, Instant tombstoneUntil) throws IOException {
      if (failFinishes) {
        throw new IOException("disk on fire");
      }
      finished.add(tombstoneUntil);
    }

    @Override
    public boolean renew(String key, String owner, Instant tombstoneUntil) throws IOException {
      if (failRenewals) {
        throw new IOException("connection refused");
      }
      renewals.add(tombstoneUntil);
      return renewResult;
    }
  }
}
