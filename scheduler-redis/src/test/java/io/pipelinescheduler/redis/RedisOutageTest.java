package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend while its Redis goes away and comes back: a server of the test's own, stopped and
 * started again on the same port, with its data kept in an append-only file.
 */
class RedisOutageTest {
  private static final Instant SLOT = Instant.parse("2030-05-01T08:00:00Z");

  @TempDir Path dataDir;
  private RedisServerProcess server;
  private final List<RedisLockBackend> backends = new ArrayList<>();
  private final AtomicInteger slots = new AtomicInteger();

  @BeforeEach
  void startRedis() throws Exception {
    server = RedisServerProcess.start(dataDir);
  }

  @AfterEach
  void stopAll() {
    backends.forEach(RedisLockBackend::close);
    server.kill();
  }

  private RedisLockBackend backend(Duration renewal) {
    RedisLockBackend backend =
        new RedisLockBackend(
            RedisLockBackend.configFromUrl(server.url()),
            Clock.systemUTC(),
            RedisLockBackend.DEFAULT_KEY_PREFIX,
            renewal);
    backends.add(backend);
    return backend;
  }

  private static SlotClaim claim(String schedule, Instant slot, String owner) {
    return new SlotClaim(schedule, slot, 1, owner, Duration.ofMinutes(10));
  }

  private SlotClaim newSlot(String owner) {
    return claim("after-restart", SLOT.plusSeconds(slots.incrementAndGet()), owner);
  }

  @Test
  void claims_fail_while_redis_is_down_and_succeed_again_once_it_is_back() throws Exception {
    RedisLockBackend backend = backend(RedisLockBackend.DEFAULT_RENEWAL_INTERVAL);
    server.kill();

    assertThatThrownBy(() -> backend.tryClaim(claim("during-outage", SLOT, "node-a")))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("lock backend 'redis' could not claim")
        .hasMessageContaining("during-outage")
        .hasMessageContaining("Redis at " + server.url() + " failed: ");
    server.restart();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> backend.tryClaim(newSlot("node-a")).isPresent());
    Optional<SlotLock> afterRecovery = backend.tryClaim(claim("during-outage", SLOT, "node-a"));

    assertThat(afterRecovery).isPresent();
    assertThat(backend.healthDetails()).containsKey("lastError");
    assertThat((Long) backend.healthDetails().get("errors")).isPositive();
  }

  @Test
  void a_tombstone_written_before_a_crash_still_blocks_its_slot_after_the_restart()
      throws Exception {
    RedisLockBackend nodeA = backend(RedisLockBackend.DEFAULT_RENEWAL_INTERVAL);
    RedisLockBackend nodeB = backend(RedisLockBackend.DEFAULT_RENEWAL_INTERVAL);
    nodeA.tryClaim(claim("finished-before", SLOT, "node-a")).orElseThrow().release();
    nodeA.tryClaim(claim("running-before", SLOT, "node-a")).orElseThrow();

    server.kill();
    server.restart();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> nodeB.tryClaim(newSlot("node-b")).isPresent());
    Optional<SlotLock> finished = nodeB.tryClaim(claim("finished-before", SLOT, "node-b"));
    Optional<SlotLock> running = nodeB.tryClaim(claim("running-before", SLOT, "node-b"));

    assertThat(finished).isEmpty();
    assertThat(running).isEmpty();
  }

  @Test
  void after_a_restart_two_instances_racing_for_new_slots_never_both_win() throws Exception {
    RedisLockBackend nodeA = backend(RedisLockBackend.DEFAULT_RENEWAL_INTERVAL);
    RedisLockBackend nodeB = backend(RedisLockBackend.DEFAULT_RENEWAL_INTERVAL);
    server.kill();
    server.restart();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                nodeA.tryClaim(newSlot("node-a")).isPresent()
                    && nodeB.tryClaim(newSlot("node-b")).isPresent());

    Map<Integer, AtomicInteger> winners = race(List.of(nodeA, nodeB), 300);

    assertThat(winners).hasSize(300);
    assertThat(winners.values()).allSatisfy(count -> assertThat(count).hasValue(1));
  }

  @Test
  void a_claim_held_while_redis_goes_away_is_lost_at_the_next_renewal() {
    RedisLockBackend backend = backend(Duration.ofMillis(300));
    SlotLock held = backend.tryClaim(claim("long-run", SLOT, "node-a")).orElseThrow();

    server.kill();

    await().atMost(Duration.ofSeconds(20)).until(held::isLost);
    assertThat(backend.healthDetails()).containsEntry("leasesLost", 1L);
  }

  @Test
  void a_claim_whose_key_vanished_from_redis_is_lost_at_the_next_renewal() throws Exception {
    RedisLockBackend backend = backend(Duration.ofMillis(300));
    SlotLock held = backend.tryClaim(claim("long-run", SLOT, "node-a")).orElseThrow();
    SlotLock untouched = backend.tryClaim(claim("other-run", SLOT, "node-a")).orElseThrow();

    // What a failover to a replica that had not yet received the claim looks like.
    try (var admin = new AdminClient(server.url())) {
      admin.delete(RedisLockBackend.DEFAULT_KEY_PREFIX + claim("long-run", SLOT, "x").key());
    }

    await().atMost(Duration.ofSeconds(20)).until(held::isLost);
    assertThat(untouched.isLost()).isFalse();
  }

  /** Threads on each backend claim every key in their own order; counts the winners per key. */
  private static Map<Integer, AtomicInteger> race(List<RedisLockBackend> nodes, int keys)
      throws Exception {
    Map<Integer, AtomicInteger> winners = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        RedisLockBackend node = nodes.get(t % nodes.size());
        String owner = "thread-" + t;
        int offset = t * 37;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < keys; i++) {
                    int k = (i + offset) % keys;
                    if (node.tryClaim(claim("race", SLOT.plusSeconds(k), owner)).isPresent()) {
                      winners.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return winners;
  }
}
