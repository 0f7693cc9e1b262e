package io.pipelinescheduler.testsupport;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Many threads racing for the same slots on two backend instances, in the manner of ShedLock's
 * {@code FuzzTester}: each thread claims every key in its own random order (seeded, so a failure
 * repeats), and the winners of each key are counted. A correct backend has exactly one winner per
 * key. {@link LockBackendContract} runs it; a backend's own tests may run it with other sizes.
 */
public final class ClaimRace {
  private static final Instant SLOT = Instant.parse("2030-03-01T11:00:00Z");

  private ClaimRace() {}

  /**
   * The claim of key {@code key} by {@code owner}: one of seven schedules, one slot a minute, with
   * a ten-second tombstone (so the backend's minimum applies).
   */
  public static SlotClaim claim(int key, String owner) {
    return new SlotClaim(
        "fuzz-" + (key % 7), SLOT.plusSeconds(60L * key), 1, owner, Duration.ofSeconds(10));
  }

  /**
   * Threads claim keys {@code 0..keys-1}, even threads on {@code first}, odd ones on {@code second}
   * (which may be the same instance), each in its own random order, released at once.
   *
   * @param releaseSome whether a winner releases its claim at once when the key is even (a released
   *     claim's tombstone must still block the others)
   * @return for each key won, how many threads won it
   * @throws Exception when a thread fails, or does not finish within two minutes
   */
  public static Map<Integer, Integer> run(
      LockBackend first, LockBackend second, int keys, int threads, boolean releaseSome)
      throws Exception {
    Map<Integer, AtomicInteger> winners = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        LockBackend mine = t % 2 == 0 ? first : second;
        String owner = "thread-" + t;
        List<Integer> order = IntStream.range(0, keys).boxed().collect(Collectors.toList());
        Collections.shuffle(order, new Random(t));
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int k : order) {
                    Optional<SlotLock> won = mine.tryClaim(claim(k, owner));
                    if (won.isPresent()) {
                      winners.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                      if (releaseSome && k % 2 == 0) {
                        won.get().release();
                      }
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return winners.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
  }

  /** The keys with more than one winner, and how many each had. */
  public static Map<Integer, Integer> duplicates(Map<Integer, Integer> winners) {
    return winners.entrySet().stream()
        .filter(e -> e.getValue() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
