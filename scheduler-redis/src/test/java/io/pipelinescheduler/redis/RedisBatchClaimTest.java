package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tryClaimAll} against a real Redis: the claims of one call go to Redis pipelined, with the
 * same outcome per key as one claim at a time. Two backends with their own Redisson clients compete
 * as two scheduler instances would.
 */
class RedisBatchClaimTest {
  private static final Instant SLOT = Instant.parse("2030-05-01T08:00:00Z");
  private static final Duration TOMBSTONE = Duration.ofMinutes(10);

  @TempDir Path dataDir;
  private final String prefix = TestRedis.uniquePrefix("batch");
  private final List<RedisLockBackend> backends = new ArrayList<>();
  private RedisServerProcess ownServer;

  @AfterEach
  void closeAll() {
    backends.forEach(RedisLockBackend::close);
    if (ownServer != null) {
      ownServer.kill();
    } else {
      TestRedis.deleteKeys(prefix);
    }
  }

  private RedisLockBackend backend(String url, Clock clock) {
    RedisLockBackend backend =
        new RedisLockBackend(
            RedisLockBackend.configFromUrl(url),
            clock,
            prefix,
            RedisLockBackend.DEFAULT_RENEWAL_INTERVAL);
    backends.add(backend);
    return backend;
  }

  private RedisLockBackend backend() {
    return backend(TestRedis.url(), Clock.systemUTC());
  }

  private static SlotClaim claim(String schedule, int slot, String owner) {
    return new SlotClaim(schedule, SLOT.plusSeconds(slot), 1, owner, TOMBSTONE);
  }

  private static List<SlotClaim> claims(String schedule, int count, String owner) {
    return IntStream.range(0, count).mapToObj(i -> claim(schedule, i, owner)).toList();
  }

  private String redisKey(SlotClaim claim) {
    return prefix + claim.key();
  }

  @Test
  void a_batch_of_fresh_slots_wins_every_one_in_order_and_each_lock_releases_its_own_slot() {
    RedisLockBackend backend = backend();
    List<SlotClaim> batch = claims("fresh", 50, "node-a");

    List<Optional<SlotLock>> results = backend.tryClaimAll(batch);
    for (int i = 0; i < results.size(); i += 2) {
      results.get(i).orElseThrow().release();
    }

    assertThat(results).hasSize(50).allSatisfy(result -> assertThat(result).isPresent());
    try (AdminClient admin = new AdminClient(TestRedis.url())) {
      for (int i = 0; i < batch.size(); i++) {
        String key = redisKey(batch.get(i));
        assertThat(admin.field(key, "owner")).as(key).isEqualTo("node-a");
        assertThat(admin.field(key, "state"))
            .as(key)
            .isEqualTo(i % 2 == 0 ? "finished" : "running");
      }
    }
    assertThat(backend.healthDetails())
        .containsEntry("claimsWon", 50L)
        .containsEntry("claimsHeld", 25);
  }

  @Test
  void a_batch_loses_exactly_the_slots_another_instance_holds_across_pipeline_parts() {
    RedisLockBackend nodeA = backend();
    RedisLockBackend nodeB = backend();
    int count = ScriptPipeline.MAX_PER_PIPELINE * 2 + 300;
    List<SlotClaim> heldByA =
        IntStream.range(0, count)
            .filter(i -> i % 3 == 0)
            .mapToObj(i -> claim("mixed", i, "node-a"))
            .toList();
    List<Optional<SlotLock>> locksOfA = nodeA.tryClaimAll(heldByA);
    assertThat(locksOfA).allSatisfy(won -> assertThat(won).isPresent());
    for (int i = 0; i < locksOfA.size(); i += 2) {
      locksOfA.get(i).orElseThrow().release(); // a tombstone blocks as a running claim does
    }

    List<Optional<SlotLock>> results = nodeB.tryClaimAll(claims("mixed", count, "node-b"));

    assertThat(results).hasSize(count);
    for (int i = 0; i < count; i++) {
      assertThat(results.get(i).isPresent()).as("slot %d won", i).isEqualTo(i % 3 != 0);
    }
    assertThat(nodeB.healthDetails())
        .containsEntry("claimsWon", (long) (count - heldByA.size()))
        .containsEntry("claimsLost", (long) heldByA.size());
  }

  @Test
  void a_batch_takes_over_expired_tombstones_but_not_running_claims_or_fresh_tombstones() {
    Instant start = Instant.parse("2030-05-01T09:00:00Z");
    RedisLockBackend early = backend(TestRedis.url(), Clock.fixed(start, ZoneOffset.UTC));
    RedisLockBackend late =
        backend(TestRedis.url(), Clock.fixed(start.plus(TOMBSTONE).plusMillis(1), ZoneOffset.UTC));
    SlotClaim finished = claim("takeover", 0, "early");
    SlotClaim running = claim("takeover", 1, "early");
    early.tryClaimAll(List.of(finished, running)).get(0).orElseThrow().release();
    SlotClaim finishedByLate = claim("takeover", 2, "late");
    late.tryClaimAll(List.of(finishedByLate)).get(0).orElseThrow().release();

    List<Optional<SlotLock>> results =
        late.tryClaimAll(
            List.of(
                claim("takeover", 0, "late"),
                claim("takeover", 1, "late"),
                claim("takeover", 2, "late"),
                claim("takeover", 3, "late")));

    assertThat(results).extracting(Optional::isPresent).containsExactly(true, false, false, true);
    try (AdminClient admin = new AdminClient(TestRedis.url())) {
      assertThat(admin.field(redisKey(finished), "owner")).isEqualTo("late");
      assertThat(admin.field(redisKey(running), "owner")).isEqualTo("early");
    }
  }

  @Test
  void two_instances_batch_claiming_the_same_2000_slots_win_each_exactly_once() throws Exception {
    List<RedisLockBackend> nodes = List.of(backend(), backend());
    int count = 2_000;
    CyclicBarrier start = new CyclicBarrier(nodes.size());
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
    List<Future<List<Optional<SlotLock>>>> done = new ArrayList<>();
    try {
      for (int n = 0; n < nodes.size(); n++) {
        RedisLockBackend node = nodes.get(n);
        List<SlotClaim> batch = new ArrayList<>(claims("race", count, "node-" + n));
        if (n == 1) {
          Collections.reverse(batch); // the two meet in the middle rather than run in step
        }
        done.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  return node.tryClaimAll(batch);
                }));
      }
      List<Optional<SlotLock>> first = done.get(0).get(60, TimeUnit.SECONDS);
      List<Optional<SlotLock>> second = new ArrayList<>(done.get(1).get(60, TimeUnit.SECONDS));
      Collections.reverse(second);

      assertThat(first).hasSize(count);
      assertThat(second).hasSize(count);
      for (int i = 0; i < count; i++) {
        int winners = (first.get(i).isPresent() ? 1 : 0) + (second.get(i).isPresent() ? 1 : 0);
        assertThat(winners).as("winners of slot %d", i).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_batch_claim_on_an_interrupted_thread_still_wins_and_keeps_the_interrupt() {
    RedisLockBackend backend = backend();

    Thread.currentThread().interrupt();
    List<Optional<SlotLock>> results;
    boolean stillInterrupted;
    try {
      results = backend.tryClaimAll(claims("interrupted", 3, "node-a"));
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(results).hasSize(3).allSatisfy(result -> assertThat(result).isPresent());
    assertThat(stillInterrupted).isTrue();
  }

  @Test
  void a_batch_still_claims_after_redis_forgot_its_cached_scripts() throws Exception {
    ownServer = RedisServerProcess.start(dataDir);
    RedisLockBackend backend = backend(ownServer.url(), Clock.systemUTC());
    assertThat(backend.tryClaimAll(claims("before-flush", 3, "node-a")))
        .allSatisfy(result -> assertThat(result).isPresent());
    try (AdminClient admin = new AdminClient(ownServer.url())) {
      admin.flushScripts();
    }

    List<Optional<SlotLock>> results = backend.tryClaimAll(claims("after-flush", 3, "node-a"));

    assertThat(results).hasSize(3).allSatisfy(result -> assertThat(result).isPresent());
  }

  @Test
  void an_empty_batch_returns_no_results_without_asking_redis() throws Exception {
    ownServer = RedisServerProcess.start(dataDir);
    RedisLockBackend backend = backend(ownServer.url(), Clock.systemUTC());
    ownServer.kill();

    List<Optional<SlotLock>> results = backend.tryClaimAll(List.of());

    assertThat(results).isEmpty();
    assertThat(backend.healthDetails()).containsEntry("errors", 0L);
  }

  @Test
  void a_batch_fails_with_a_message_naming_the_backend_and_redis_while_redis_is_down()
      throws Exception {
    ownServer = RedisServerProcess.start(dataDir);
    RedisLockBackend backend = backend(ownServer.url(), Clock.systemUTC());
    ownServer.kill();
    List<SlotClaim> batch = claims("outage", 3, "node-a");

    assertThatThrownBy(() -> backend.tryClaimAll(batch))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(
            "lock backend 'redis' could not claim 3 slots, the first '" + redisKey(batch.get(0)))
        .hasMessageContaining("Redis at " + ownServer.url() + " failed: ");
    assertThat(backend.healthDetails()).containsEntry("errors", 1L).containsKey("lastError");
  }
}
