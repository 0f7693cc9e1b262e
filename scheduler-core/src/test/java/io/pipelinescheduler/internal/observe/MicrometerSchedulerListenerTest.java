package io.pipelinescheduler.internal.observe;

import static io.pipelinescheduler.internal.observe.Runs.SLOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.SkipReason;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MicrometerSchedulerListenerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerSchedulerListener listener = new MicrometerSchedulerListener(registry);

  @Test
  void counts_finished_runs_by_schedule_and_lower_case_outcome() {
    listener.onRunSucceeded(Runs.finished("etl", "r1", ExecutionStatus.SUCCEEDED, ms(10), null));
    listener.onRunSucceeded(Runs.finished("etl", "r2", ExecutionStatus.SUCCEEDED, ms(10), null));
    listener.onRunFailed(Runs.finished("etl", "r3", ExecutionStatus.FAILED, ms(10), "boom"));
    listener.onRunFailed(Runs.finished("report", "r4", ExecutionStatus.TIMED_OUT, ms(10), null));
    listener.onRunFailed(Runs.finished("report", "r5", ExecutionStatus.CANCELLED, ms(10), null));
    listener.onRunFailed(Runs.finished("report", "r6", ExecutionStatus.ABANDONED, ms(10), null));

    assertThat(runs("etl", "succeeded")).isEqualTo(2.0);
    assertThat(runs("etl", "failed")).isEqualTo(1.0);
    assertThat(runs("report", "timed_out")).isEqualTo(1.0);
    assertThat(runs("report", "cancelled")).isEqualTo(1.0);
    assertThat(runs("report", "abandoned")).isEqualTo(1.0);
    assertThat(registry.find("pipeline.scheduler.runs").counters()).hasSize(5);
  }

  @Test
  void times_finished_runs_by_schedule_and_outcome() {
    listener.onRunSucceeded(Runs.finished("etl", "r1", ExecutionStatus.SUCCEEDED, ms(1500), null));
    listener.onRunSucceeded(Runs.finished("etl", "r2", ExecutionStatus.SUCCEEDED, ms(500), null));
    listener.onRunFailed(Runs.finished("etl", "r3", ExecutionStatus.FAILED, ms(250), "x"));

    Timer succeeded =
        registry
            .get("pipeline.scheduler.run.duration")
            .tags("schedule", "etl", "outcome", "succeeded")
            .timer();
    Timer failed =
        registry
            .get("pipeline.scheduler.run.duration")
            .tags("schedule", "etl", "outcome", "failed")
            .timer();
    assertThat(succeeded.count()).isEqualTo(2);
    assertThat(succeeded.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
    assertThat(failed.count()).isEqualTo(1);
    assertThat(failed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(250.0);
  }

  @Test
  void records_lateness_of_started_runs_counting_a_negative_lateness_as_zero() {
    listener.onRunStarted(Runs.running("etl", "r1"), ms(2000));
    listener.onRunStarted(Runs.running("etl", "r2"), ms(-300));

    Timer lateness =
        registry.get("pipeline.scheduler.run.lateness").tags("schedule", "etl").timer();
    assertThat(lateness.count()).isEqualTo(2);
    assertThat(lateness.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
    assertThat(lateness.max(TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
    assertThat(lateness.getId().getTags()).containsExactly(Tag.of("schedule", "etl"));
  }

  @Test
  void active_runs_gauge_counts_runs_started_and_not_yet_finished() {
    listener.onRunStarted(Runs.running("etl", "r1"), Duration.ZERO);
    listener.onRunStarted(Runs.running("etl", "r2"), Duration.ZERO);
    listener.onRunStarted(Runs.running("report", "r3"), Duration.ZERO);
    double threeRunning = active();

    listener.onRunSucceeded(Runs.finished("etl", "r1", ExecutionStatus.SUCCEEDED, ms(1), null));
    listener.onRunFailed(Runs.finished("report", "r3", ExecutionStatus.FAILED, ms(1), "x"));

    assertThat(threeRunning).isEqualTo(3.0);
    assertThat(active()).isEqualTo(1.0);
  }

  @Test
  void active_runs_gauge_does_not_go_negative_for_a_run_finished_twice_or_never_started() {
    listener.onRunStarted(Runs.running("etl", "r1"), Duration.ZERO);
    listener.onRunFailed(Runs.finished("etl", "r1", ExecutionStatus.FAILED, ms(1), "x"));
    listener.onRunFailed(Runs.finished("etl", "r1", ExecutionStatus.FAILED, ms(1), "x"));
    listener.onRunFailed(Runs.finished("etl", "other", ExecutionStatus.ABANDONED, ms(1), null));

    assertThat(active()).isEqualTo(0.0);
  }

  @Test
  void counts_retries_by_schedule() {
    listener.onRetryScheduled(
        Runs.finished("etl", "r1", ExecutionStatus.FAILED, ms(1), "x"), SLOT.plusSeconds(60));
    listener.onRetryScheduled(
        Runs.finished("etl", "r2", ExecutionStatus.FAILED, ms(1), "x"), SLOT.plusSeconds(120));

    assertThat(count("pipeline.scheduler.retries", "schedule", "etl")).isEqualTo(2.0);
  }

  @Test
  void counts_skips_by_schedule_and_lower_case_reason() {
    listener.onSlotSkipped("etl", SLOT, SkipReason.OVERLAP, "previous run still running");
    listener.onSlotSkipped("etl", SLOT, SkipReason.CLAIMED_ELSEWHERE, "node-2 has it");
    listener.onSlotSkipped("etl", SLOT, SkipReason.CLAIMED_ELSEWHERE, "node-2 has it");

    assertThat(count("pipeline.scheduler.skips", "schedule", "etl", "reason", "overlap"))
        .isEqualTo(1.0);
    assertThat(count("pipeline.scheduler.skips", "schedule", "etl", "reason", "claimed_elsewhere"))
        .isEqualTo(2.0);
  }

  @Test
  void counts_misfires_by_the_number_of_missed_slots_and_ignores_zero() {
    listener.onMisfire("etl", 5, MisfirePolicy.FIRE_ONCE);
    listener.onMisfire("etl", 2, MisfirePolicy.FIRE_ONCE);
    listener.onMisfire("etl", 0, MisfirePolicy.SKIP);

    assertThat(count("pipeline.scheduler.misfires", "schedule", "etl", "policy", "fire_once"))
        .isEqualTo(7.0);
    assertThat(registry.find("pipeline.scheduler.misfires").tag("policy", "skip").counter())
        .isNull();
  }

  @Test
  void counts_claims_won_and_lost() {
    listener.onClaim("etl", SLOT, true);
    listener.onClaim("etl", SLOT.plusSeconds(60), true);
    listener.onClaim("etl", SLOT.plusSeconds(120), false);

    assertThat(count("pipeline.scheduler.claims", "schedule", "etl", "result", "won"))
        .isEqualTo(2.0);
    assertThat(count("pipeline.scheduler.claims", "schedule", "etl", "result", "lost"))
        .isEqualTo(1.0);
  }

  @Test
  void counts_leases_lost_and_backend_errors() {
    listener.onLeaseLost("etl", "r1");
    listener.onBackendError("redis", "claim", new IOException("connection reset"));
    listener.onBackendError("redis", "claim", new IOException("connection reset"));
    listener.onBackendError("sqlite", "saveRun", new IOException("disk full"));

    assertThat(count("pipeline.scheduler.leases.lost", "schedule", "etl")).isEqualTo(1.0);
    assertThat(count("pipeline.scheduler.backend.errors", "backend", "redis", "operation", "claim"))
        .isEqualTo(2.0);
    assertThat(
            count("pipeline.scheduler.backend.errors", "backend", "sqlite", "operation", "saveRun"))
        .isEqualTo(1.0);
  }

  @Test
  void schedules_gauge_reads_the_supplier_at_each_scrape() {
    AtomicInteger schedules = new AtomicInteger(3);
    listener.registerScheduleCount(schedules::get);
    double before = registry.get("pipeline.scheduler.schedules").gauge().value();

    schedules.set(4);

    assertThat(before).isEqualTo(3.0);
    assertThat(registry.get("pipeline.scheduler.schedules").gauge().value()).isEqualTo(4.0);
  }

  @Test
  void a_null_tag_value_is_recorded_as_unknown_instead_of_throwing() {
    listener.onBackendError(null, null, new IOException("x"));
    listener.onSlotSkipped("etl", SLOT, null, null);

    assertThat(
            count(
                "pipeline.scheduler.backend.errors", "backend", "unknown", "operation", "unknown"))
        .isEqualTo(1.0);
    assertThat(count("pipeline.scheduler.skips", "schedule", "etl", "reason", "unknown"))
        .isEqualTo(1.0);
  }

  @Test
  void common_tags_are_added_to_every_meter() {
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    MicrometerSchedulerListener tagged =
        new MicrometerSchedulerListener(own, Tags.of("instance", "node-1"));

    tagged.onClaim("etl", SLOT, true);
    tagged.onRunStarted(Runs.running("etl", "r1"), Duration.ZERO);
    tagged.onRunSucceeded(Runs.finished("etl", "r1", ExecutionStatus.SUCCEEDED, ms(1), null));
    tagged.registerScheduleCount(() -> 1);

    assertThat(own.getMeters()).hasSize(6);
    assertThat(own.getMeters())
        .allSatisfy(m -> assertThat(m.getId().getTag("instance")).isEqualTo("node-1"));
  }

  @Test
  void close_removes_every_meter_of_the_listener_and_later_callbacks_record_nothing() {
    listener.registerScheduleCount(() -> 2);
    listener.onRunStarted(Runs.running("etl", "r1"), ms(5));
    listener.onRunFailed(Runs.finished("etl", "r1", ExecutionStatus.FAILED, ms(1), "x"));
    listener.onRetryScheduled(Runs.finished("etl", "r1", ExecutionStatus.FAILED, ms(1), "x"), SLOT);
    listener.onSlotSkipped("etl", SLOT, SkipReason.DEPENDENCY, "upstream failed");
    listener.onMisfire("etl", 1, MisfirePolicy.FIRE_ALL);
    listener.onClaim("etl", SLOT, false);
    listener.onLeaseLost("etl", "r1");
    listener.onBackendError("file", "claim", new IOException("x"));
    int registered = registry.getMeters().size();

    listener.close();
    listener.onClaim("etl", SLOT, true);
    listener.onRunStarted(Runs.running("etl", "r2"), ms(5));
    listener.registerScheduleCount(() -> 2);

    assertThat(registered).isEqualTo(11);
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void close_leaves_meters_of_others_in_the_registry() {
    registry.counter("app.requests").increment();
    listener.onClaim("etl", SLOT, true);

    listener.close();

    assertThat(registry.getMeters())
        .extracting(Meter::getId)
        .extracting(Meter.Id::getName)
        .containsExactly("app.requests");
  }

  private double runs(String schedule, String outcome) {
    return count("pipeline.scheduler.runs", "schedule", schedule, "outcome", outcome);
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  private double active() {
    return registry.get("pipeline.scheduler.runs.active").gauge().value();
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
