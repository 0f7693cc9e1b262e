package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trigger lost between an upstream's end and the trigger written just after it (the instance died
 * in between) is written by the next heartbeat of an instance that runs the downstream; the store
 * holds the state such a crash leaves: the upstream's success, and no downstream run.
 */
class WorkflowCatchUpTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(START);

  private SchedulerConfig config() {
    return SchedulerConfig.builder()
        .dbPath(directory.resolve("scheduler.db"))
        .clock(clock)
        .meterRegistry(new SimpleMeterRegistry())
        .instanceId("catch-up-test")
        .heartbeatInterval(Duration.ofMillis(200))
        .shutdownGrace(Duration.ofSeconds(1))
        .build();
  }

  private PipelineScheduler started() {
    PipelineScheduler scheduler = PipelineScheduler.create(config());
    scheduler.schedule("extract").every(Duration.ofHours(1)).run(context -> {});
    scheduler.schedule("transform").after("extract").run(context -> {});
    scheduler.start();
    return scheduler;
  }

  /** The upstream's run as the instance that died left it: ended, its trigger never written. */
  private void upstreamEndedWithoutItsTrigger(Trigger trigger) {
    try (PipelineScheduler first = started()) {
      first.getHistory("extract", 1); // the store has booted
    }
    clock.advance(Duration.ofMinutes(1));
    Instant slot = clock.instant();
    ScheduleStore store = new JpaScheduleStoreProvider().create(config());
    try {
      ExecutionRecord run =
          ExecutionRecord.running(
              UUID.randomUUID().toString(), "extract", slot, slot, 1, trigger, "died");
      store.insertRun(run);
      store.updateRun(
          run.finish(
              ExecutionStatus.SUCCEEDED, slot.plusSeconds(2), Duration.ofSeconds(2), null, ""));
    } finally {
      store.close();
    }
    clock.advance(Duration.ofSeconds(5)); // the instance restarts after the upstream's end
  }

  @Test
  void a_trigger_lost_with_its_instance_is_written_at_the_next_heartbeat_and_runs_once() {
    upstreamEndedWithoutItsTrigger(Trigger.SCHEDULED);

    try (PipelineScheduler second = started()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> second.getHistory("transform", 10),
              runs -> runs.size() == 1 && runs.get(0).status() == ExecutionStatus.SUCCEEDED);
      // later heartbeats find it written: still one run
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> second.getHistory("transform", 10).size() == 1);
      ExecutionRecord transform = second.getHistory("transform", 1).get(0);
      assertThat(transform.trigger()).isEqualTo(Trigger.UPSTREAM);
      assertThat(transform.scheduledTime()).isEqualTo(START.plusSeconds(62));
    }
  }

  @Test
  void a_manual_run_of_the_upstream_is_not_caught_up_it_may_have_been_asked_to_run_alone() {
    upstreamEndedWithoutItsTrigger(Trigger.MANUAL);

    try (PipelineScheduler second = started()) {
      List<ExecutionRecord> none = List.of();
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> second.getHistory("transform", 10).equals(none));
    }
  }

  @Test
  void an_upstream_success_while_the_downstream_was_switched_off_does_not_trigger_it_later() {
    try (PipelineScheduler first = started()) {
      first.disable("transform");
    }
    upstreamEndedWithoutItsTrigger(Trigger.SCHEDULED);

    try (PipelineScheduler second = started()) {
      second.enable("transform");
      List<ExecutionRecord> none = List.of();
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(() -> second.getHistory("transform", 10).equals(none));
    }
  }
}
