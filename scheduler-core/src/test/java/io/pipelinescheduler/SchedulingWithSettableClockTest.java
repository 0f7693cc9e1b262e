package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulingWithSettableClockTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final List<JobContext> runs = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    scheduler.close();
  }

  private Job recording() {
    return runs::add;
  }

  @Test
  void a_daily_schedule_runs_at_its_time_when_the_clock_is_advanced_past_it() {
    scheduler.scheduleDaily("report", recording(), 9, 0);

    clock.advance(Duration.ofMinutes(59));
    assertThat(runs).isEmpty();
    clock.advance(Duration.ofMinutes(1));

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).scheduledTime()).isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));
    assertThat(runs.get(0).trigger()).isEqualTo(Trigger.SCHEDULED);
    assertThat(runs.get(0).attempt()).isEqualTo(1);
  }

  @Test
  void advancing_three_days_fires_each_daily_slot_at_its_own_instant() {
    scheduler.scheduleDaily("report", recording(), 9, 0);

    clock.advance(Duration.ofDays(3));

    assertThat(runs)
        .extracting(JobContext::scheduledTime)
        .containsExactly(
            Instant.parse("2026-03-09T09:00:00Z"),
            Instant.parse("2026-03-10T09:00:00Z"),
            Instant.parse("2026-03-11T09:00:00Z"));
    assertThat(runs).extracting(JobContext::trigger).containsOnly(Trigger.SCHEDULED);
    List<ExecutionRecord> history = scheduler.getHistory("report", 10);
    assertThat(history).hasSize(3);
    assertThat(history.get(0).startedAt()).isEqualTo(Instant.parse("2026-03-11T09:00:00Z"));
    assertThat(history).allMatch(ExecutionRecord::success);
  }

  @Test
  void an_interval_of_thirty_minutes_fires_on_the_hour_and_half_hour_utc() {
    scheduler.scheduleInterval("poll", recording(), Duration.ofMinutes(30));

    clock.advance(Duration.ofMinutes(90));

    assertThat(runs)
        .extracting(JobContext::scheduledTime)
        .containsExactly(
            Instant.parse("2026-03-09T08:30:00Z"),
            Instant.parse("2026-03-09T09:00:00Z"),
            Instant.parse("2026-03-09T09:30:00Z"));
  }

  @Test
  void the_hours_minutes_seconds_overload_adds_the_parts() {
    ScheduleInfo info = scheduler.scheduleInterval("poll", recording(), 1, 30, 0);

    assertThat(info.spec()).isEqualTo("PT1H30M");
    assertThat(info.type()).isEqualTo(ScheduleType.INTERVAL);
  }

  @Test
  void a_cron_schedule_in_a_zone_fires_at_local_wall_clock_times() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    scheduler.scheduleCron("weekday_nine", recording(), "0 9 * * 1-5", berlin);

    clock.advance(Duration.ofDays(1));

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).scheduledTime().atZone(berlin).toLocalTime())
        .isEqualTo(LocalTime.of(9, 0));
  }

  @Test
  void weekly_monthly_and_every_n_months_schedules_fire_on_their_days() {
    scheduler
        .schedule("weekly")
        .weekly(java.time.DayOfWeek.WEDNESDAY, LocalTime.NOON)
        .run(recording());
    scheduler.schedule("monthly").monthly(31, LocalTime.of(6, 0)).run(recording());

    clock.advance(Duration.ofDays(31));

    assertThat(runs)
        .extracting(run -> run.scheduleName() + "@" + run.scheduledTime())
        .containsExactly(
            "weekly@2026-03-11T12:00:00Z",
            "weekly@2026-03-18T12:00:00Z",
            "weekly@2026-03-25T12:00:00Z",
            "monthly@2026-03-31T06:00:00Z",
            "weekly@2026-04-01T12:00:00Z",
            "weekly@2026-04-08T12:00:00Z");
  }

  @Test
  void a_once_schedule_runs_once_and_stays_listed_with_no_next_run() {
    scheduler.schedule("invoice").once(Instant.parse("2026-03-09T10:00:00Z")).run(recording());

    clock.advance(Duration.ofDays(2));

    assertThat(runs).hasSize(1);
    ScheduleInfo info = scheduler.getSchedule("invoice").orElseThrow();
    assertThat(info.nextRun()).isNull();
    assertThat(info.lastRun().success()).isTrue();
    assertThat(scheduler.nextRuns("invoice", 3)).isEmpty();
  }

  @Test
  void a_manual_schedule_never_fires_by_itself_but_runs_now_when_asked() throws Exception {
    scheduler.schedule("rebuild").manual().run(recording());

    clock.advance(Duration.ofDays(10));
    assertThat(runs).isEmpty();
    ExecutionRecord record = scheduler.runNow("rebuild").get();

    assertThat(record.trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(record.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(runs).hasSize(1);
  }

  @Test
  void start_at_and_end_at_bound_the_fires() {
    scheduler
        .schedule("bounded")
        .every(Duration.ofHours(1))
        .startAt(Instant.parse("2026-03-09T10:00:00Z"))
        .endAt(Instant.parse("2026-03-09T12:00:00Z"))
        .run(recording());

    clock.advance(Duration.ofDays(1));

    assertThat(runs)
        .extracting(JobContext::scheduledTime)
        .containsExactly(
            Instant.parse("2026-03-09T10:00:00Z"),
            Instant.parse("2026-03-09T11:00:00Z"),
            Instant.parse("2026-03-09T12:00:00Z"));
    assertThat(scheduler.getSchedule("bounded").orElseThrow().nextRun()).isNull();
  }

  @Test
  void next_runs_lists_the_coming_fire_times_in_the_schedule_zone() {
    ZoneId newYork = ZoneId.of("America/New_York");
    scheduler.scheduleDaily("ny", recording(), 9, 30, newYork);

    List<ZonedDateTime> next = scheduler.nextRuns("ny", 2);

    assertThat(next)
        .containsExactly(
            ZonedDateTime.of(2026, 3, 9, 9, 30, 0, 0, newYork),
            ZonedDateTime.of(2026, 3, 10, 9, 30, 0, 0, newYork));
    assertThat(scheduler.getSchedule("ny").orElseThrow().nextRun()).isEqualTo(next.get(0));
  }

  @Test
  void list_schedules_is_sorted_by_name_and_shows_type_spec_and_description() {
    scheduler.scheduleHourly("b_hourly", recording(), 15);
    scheduler.scheduleCron("a_cron", recording(), "0 9 * * 1-5");

    List<ScheduleInfo> list = scheduler.listSchedules();

    assertThat(list).extracting(ScheduleInfo::name).containsExactly("a_cron", "b_hourly");
    assertThat(list.get(0).type()).isEqualTo(ScheduleType.CRON);
    assertThat(list.get(0).spec()).isEqualTo("0 9 * * 1-5");
    assertThat(list.get(0).description()).isNotBlank();
    assertThat(list.get(0).timezone()).isEqualTo(ZoneId.of("UTC").normalized());
    assertThat(list.get(1).type()).isEqualTo(ScheduleType.HOURLY);
  }

  @Test
  void a_description_given_in_the_builder_replaces_the_generated_one() {
    ScheduleInfo info =
        scheduler.schedule("x").daily(LocalTime.of(7, 0)).description("wake up").run(recording());

    assertThat(info.description()).isEqualTo("wake up");
  }

  @Test
  void disabled_schedules_do_not_fire_and_enabling_goes_on_from_the_next_slot() {
    scheduler.scheduleInterval("poll", recording(), Duration.ofHours(1));
    scheduler.disable("poll");

    clock.advance(Duration.ofHours(5));
    assertThat(runs).isEmpty();
    assertThat(scheduler.getSchedule("poll").orElseThrow().nextRun()).isNull();
    assertThat(scheduler.nextRuns("poll", 3)).isEmpty();
    scheduler.enable("poll");
    clock.advance(Duration.ofHours(1));

    assertThat(runs)
        .extracting(JobContext::scheduledTime, JobContext::trigger)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Instant.parse("2026-03-09T14:00:00Z"), Trigger.SCHEDULED));
  }

  @Test
  void rescheduling_a_name_replaces_its_definition_and_keeps_state_and_history() {
    scheduler.scheduleInterval("poll", recording(), Duration.ofHours(1));
    clock.advance(Duration.ofHours(1));
    scheduler.disable("poll");

    ScheduleInfo replaced = scheduler.scheduleInterval("poll", recording(), Duration.ofHours(2));

    assertThat(replaced.spec()).isEqualTo("PT2H");
    assertThat(replaced.enabled()).isFalse();
    assertThat(replaced.lastRun()).isNotNull();
    assertThat(scheduler.getHistory("poll", 10)).hasSize(1);
    assertThat(scheduler.listSchedules()).hasSize(1);
  }

  @Test
  void unschedule_removes_the_schedule_but_keeps_its_history() {
    scheduler.scheduleInterval("poll", recording(), Duration.ofHours(1));
    clock.advance(Duration.ofHours(1));

    assertThat(scheduler.unschedule("poll")).isTrue();
    assertThat(scheduler.unschedule("poll")).isFalse();
    clock.advance(Duration.ofHours(3));

    assertThat(runs).hasSize(1);
    assertThat(scheduler.getSchedule("poll")).isEmpty();
    assertThat(scheduler.getHistory("poll", 10)).hasSize(1);
  }

  @Test
  void clear_removes_every_schedule() {
    scheduler.scheduleInterval("a", recording(), Duration.ofHours(1));
    scheduler.scheduleInterval("b", recording(), Duration.ofHours(1));

    scheduler.clear();
    clock.advance(Duration.ofHours(2));

    assertThat(scheduler.listSchedules()).isEmpty();
    assertThat(runs).isEmpty();
  }

  @Test
  void the_job_logger_lines_are_kept_in_the_run_output() {
    scheduler.scheduleInterval(
        "talker",
        context -> {
          context.logger().info("hello {}", "world");
          context.appendOutput("raw text\n");
        },
        Duration.ofHours(1));

    clock.advance(Duration.ofHours(1));

    ExecutionRecord record = scheduler.getHistory("talker", 1).get(0);
    assertThat(record.output()).contains("INFO hello world").contains("raw text");
    assertThat(record.node()).isEqualTo("test-node");
  }

  @Test
  void a_registered_job_type_runs_with_its_stored_parameters() {
    List<Object> ids = new CopyOnWriteArrayList<>();
    scheduler.registerJobType("send-invoice", (context, params) -> ids.add(params.get("id")));

    scheduler
        .schedule("invoice-42")
        .once(Instant.parse("2026-03-09T09:00:00Z"))
        .run("send-invoice", java.util.Map.of("id", 42));
    clock.advance(Duration.ofHours(2));

    assertThat(ids).containsExactly(42);
  }

  @Test
  void a_schedule_of_an_unregistered_job_type_fails_its_run_and_shows_in_health_details() {
    scheduler.schedule("orphan").every(Duration.ofHours(1)).run("nobody-knows", java.util.Map.of());

    clock.advance(Duration.ofHours(1));

    ExecutionRecord record = scheduler.getHistory("orphan", 1).get(0);
    assertThat(record.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(record.error()).contains("job type 'nobody-knows' is not registered");
    assertThat(scheduler.healthCheck().details())
        .containsEntry("unregisteredJobTypes", List.of("nobody-knows"));
  }
}
