package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.internal.lock.LocalLockBackend;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Without persistence the in-memory store's fence is the claim: slots are not claimed on the local
 * lock backend, and a burst of due slots is claimed and run by the workers.
 */
class InMemoryClaimsTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T08:00:00Z"));

  @Test
  void in_memory_a_slot_is_claimed_by_the_stores_fence_alone_and_still_counted_as_a_claim() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(TestSchedulers.config(clock).meterRegistry(registry).build())) {
      scheduler.scheduleInterval("ok", context -> {}, Duration.ofMinutes(1));
      scheduler.start();

      clock.advance(Duration.ofMinutes(2));

      assertThat(scheduler.getHistory("ok", 10))
          .hasSize(2)
          .allSatisfy(run -> assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
      assertThat(
              registry
                  .get("pipeline.scheduler.claims")
                  .tag("schedule", "ok")
                  .tag("result", "won")
                  .counter()
                  .count())
          .isEqualTo(2.0);
      assertThat(lockBackendDetails(scheduler)).containsEntry("claimsWon", 0L);
    }
  }

  @Test
  void with_distributed_on_a_given_local_backend_is_asked_as_it_may_be_shared() {
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            TestSchedulers.config(clock)
                .distributed(true)
                .lockBackend(new LocalLockBackend(clock))
                .build())) {
      scheduler.scheduleInterval("ok", context -> {}, Duration.ofMinutes(1));
      scheduler.start();

      clock.advance(Duration.ofMinutes(2));

      assertThat(scheduler.getHistory("ok", 10)).hasSize(2);
      assertThat(lockBackendDetails(scheduler)).containsEntry("claimsWon", 2L);
    }
  }

  @Test
  void with_the_system_clock_a_burst_registered_before_start_runs_each_slot_exactly_once() {
    int n = 3_000; // several arming chunks and firing batches
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    SchedulerConfig config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .clock(Clock.systemUTC())
            .maxConcurrentRuns(4)
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      Instant due = Instant.now();
      for (int i = 0; i < n; i++) {
        int id = i;
        scheduler.schedule("once-" + id).once(due).run(context -> runs.incrementAndGet(id));
      }

      scheduler.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> IntStream.range(0, n).allMatch(i -> runs.get(i) > 0));
      scheduler.stop();

      assertThat(IntStream.range(0, n).filter(i -> runs.get(i) != 1)).isEmpty();
      assertThat(IntStream.range(0, n).mapToObj(i -> scheduler.getHistory("once-" + i, 5)))
          .allSatisfy(
              history ->
                  assertThat(history)
                      .singleElement()
                      .satisfies(
                          run -> assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lockBackendDetails(PipelineScheduler scheduler) {
    return (Map<String, Object>) scheduler.healthCheck().details().get("lockBackendDetails");
  }
}
