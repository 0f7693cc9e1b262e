package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 7: a {@code once} whose instant has passed (within the supported range) follows its
 * misfire policy, whether it is registered on a running scheduler or before start.
 */
class PastOnceTest {
  private static final Instant YESTERDAY = Instant.parse("2026-03-08T08:00:00Z");

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler =
      PipelineScheduler.create(TestSchedulers.config(clock).build());
  private final List<JobContext> runs = new CopyOnWriteArrayList<>();
  private final List<String> skips = new CopyOnWriteArrayList<>();
  private final Job job = runs::add;

  PastOnceTest() {
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            skips.add(name + " " + slot + " " + reason + ": " + detail);
          }
        });
  }

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void fire_once_runs_a_past_once_a_single_time_as_a_catch_up_at_start() {
    scheduler.schedule("late").once(YESTERDAY).misfire(MisfirePolicy.FIRE_ONCE).run(job);

    scheduler.start();
    await()
        .until(() -> scheduler.getHistory("late", 5).stream().anyMatch(ExecutionRecord::success));
    clock.advance(Duration.ofDays(1));

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).trigger()).isEqualTo(Trigger.CATCH_UP);
    assertThat(runs.get(0).scheduledTime()).isEqualTo(YESTERDAY);
    assertThat(scheduler.getSchedule("late").orElseThrow().nextRun()).isNull();
  }

  @Test
  void fire_all_runs_a_past_once_a_single_time_when_registered_on_a_running_scheduler() {
    scheduler.start();

    scheduler.schedule("late").once(YESTERDAY).misfire(MisfirePolicy.FIRE_ALL).run(job);
    await()
        .until(() -> scheduler.getHistory("late", 5).stream().anyMatch(ExecutionRecord::success));
    clock.advance(Duration.ofDays(1));

    assertThat(runs).extracting(JobContext::trigger).containsExactly(Trigger.CATCH_UP);
  }

  @Test
  void skip_never_runs_a_past_once_and_reports_the_skipped_slot_with_the_reason() {
    scheduler.schedule("late").once(YESTERDAY).misfire(MisfirePolicy.SKIP).run(job);

    scheduler.start();
    await().until(() -> !skips.isEmpty());
    clock.advance(Duration.ofDays(1));

    assertThat(runs).isEmpty();
    assertThat(skips).containsExactly("late " + YESTERDAY + " MISFIRE: 1 slot(s) missed");
    assertThat(scheduler.getSchedule("late").orElseThrow().nextRun()).isNull();
  }

  @Test
  void a_once_passed_by_less_than_the_misfire_grace_is_just_late_and_runs_as_scheduled() {
    scheduler.start();

    scheduler
        .schedule("just-missed")
        .once(clock.instant().minusSeconds(30))
        .misfire(MisfirePolicy.SKIP)
        .run(job);
    await().until(() -> runs.size() == 1);

    assertThat(runs.get(0).trigger()).isEqualTo(Trigger.SCHEDULED);
    assertThat(skips).isEmpty();
  }
}
