package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched path (a shared lock backend, real time): many slots due together each run once, and a
 * listener that throws an {@link Error} for one run neither strands the other runs of its batch nor
 * leaves its schedule counted as busy.
 */
class BatchedClaimsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path lockDir;

  private PipelineScheduler started() {
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .persistSchedules(false)
                .distributed(true)
                .lockBackend("file")
                .lockDirectory(lockDir)
                .meterRegistry(new SimpleMeterRegistry())
                .instanceId("batched")
                .shutdownGrace(Duration.ofSeconds(5))
                .build());
    scheduler.start();
    return scheduler;
  }

  @Test
  void many_slots_due_together_each_run_once() {
    Set<String> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger runs = new AtomicInteger();
    try (PipelineScheduler scheduler = started()) {
      Instant due = Instant.now();
      for (int i = 0; i < 300; i++) {
        String name = "once-" + i;
        scheduler
            .schedule(name)
            .once(due)
            .run(
                ctx -> {
                  ran.add(ctx.scheduleName());
                  runs.incrementAndGet();
                });
      }

      await().atMost(WAIT).until(() -> ran.size() == 300);
    }
    assertThat(runs).hasValue(300);
  }

  @Test
  void a_listener_error_for_one_run_does_not_strand_the_others_or_keep_its_schedule_busy() {
    Set<String> ran = ConcurrentHashMap.newKeySet();
    AtomicInteger tickRuns = new AtomicInteger();
    try (PipelineScheduler scheduler = started()) {
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onRunSucceeded(ExecutionRecord run) {
              if (run.scheduleName().equals("tick")) {
                throw new Error("listener bug for " + run.runId());
              }
            }
          });
      Instant due = Instant.now();
      for (String name : List.of("a", "b", "c")) {
        scheduler.schedule(name).once(due).run(ctx -> ran.add(ctx.scheduleName()));
      }
      scheduler
          .schedule("tick")
          .every(Duration.ofSeconds(1))
          .overlap(OverlapPolicy.SKIP)
          .run(ctx -> tickRuns.incrementAndGet());

      await().atMost(WAIT).until(() -> ran.size() == 3 && tickRuns.get() >= 3);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  scheduler.getHistory("tick", 10).stream()
                          .filter(r -> r.status() == ExecutionStatus.SUCCEEDED)
                          .count()
                      >= 3);
    }
    assertThat(ran).containsExactlyInAnyOrder("a", "b", "c");
  }
}
