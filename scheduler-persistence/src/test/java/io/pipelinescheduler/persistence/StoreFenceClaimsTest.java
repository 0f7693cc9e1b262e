package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a persistent store and {@code distributed} off, the store's fence is the claim: slots are
 * not claimed on the scheduler's own {@code local} backend, a slot recorded already does not run
 * again, and a burst runs each slot once with every run in the history.
 */
class StoreFenceClaimsTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  @Test
  void a_slot_is_claimed_by_the_stores_fence_alone_and_still_counted_as_a_claim() {
    SettableClock clock = new SettableClock(START);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(config(clock).meterRegistry(meters).build())) {
      scheduler.scheduleInterval("ok", context -> {}, Duration.ofMinutes(1));
      scheduler.start();

      clock.advance(Duration.ofMinutes(2));

      assertThat(scheduler.getHistory("ok", 10))
          .hasSize(2)
          .allSatisfy(run -> assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED));
      assertThat(
              meters
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
  void with_distributed_on_a_given_local_backend_is_still_asked() {
    SettableClock clock = new SettableClock(START);
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(config(clock).distributed(true).lockBackend("local").build())) {
      scheduler.scheduleInterval("ok", context -> {}, Duration.ofMinutes(1));
      scheduler.start();

      clock.advance(Duration.ofMinutes(2));

      assertThat(scheduler.getHistory("ok", 10)).hasSize(2);
      assertThat(lockBackendDetails(scheduler)).containsEntry("claimsWon", 2L);
    }
  }

  @Test
  void a_one_shot_whose_run_is_recorded_does_not_run_again_after_a_restart() {
    Instant due = START.plusSeconds(30);
    SettableClock clock = new SettableClock(START);
    AtomicIntegerArray runs = new AtomicIntegerArray(1);
    for (int round = 0; round < 2; round++) {
      try (PipelineScheduler scheduler = PipelineScheduler.create(config(clock).build())) {
        scheduler.schedule("once").once(due).run(context -> runs.incrementAndGet(0));
        scheduler.start();

        clock.advance(Duration.ofMinutes(1));

        assertThat(scheduler.getHistory("once", 10)).hasSize(1);
      }
    }
    assertThat(runs.get(0)).isEqualTo(1);
  }

  @Test
  void with_the_system_clock_a_burst_runs_each_slot_exactly_once_and_records_each() {
    int n = 2_000; // several claim batches
    AtomicIntegerArray runs = new AtomicIntegerArray(n);
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(config(Clock.systemUTC()).maxConcurrentRuns(4).build())) {
      Instant due = Instant.now();
      scheduler.scheduleAll(
          batch -> {
            for (int i = 0; i < n; i++) {
              int id = i;
              batch.schedule("once-" + id).once(due).run(context -> runs.incrementAndGet(id));
            }
          });

      scheduler.start();
      await()
          .atMost(Duration.ofSeconds(60))
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

  private SchedulerConfig.Builder config(Clock clock) {
    return SchedulerConfig.builder()
        .dbPath(directory.resolve("scheduler.db"))
        .clock(clock)
        .meterRegistry(new SimpleMeterRegistry())
        .instanceId("store-fence");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lockBackendDetails(PipelineScheduler scheduler) {
    return (Map<String, Object>) scheduler.healthCheck().details().get("lockBackendDetails");
  }
}
