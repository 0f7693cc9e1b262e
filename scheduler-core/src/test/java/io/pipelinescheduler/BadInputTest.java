package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BadInputTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final Job job = context -> {};

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void a_bad_cron_names_the_schedule_the_field_and_the_value_and_shows_an_example() {
    assertThatThrownBy(() -> scheduler.scheduleCron("daily_etl", job, "0 24 * * *"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'daily_etl'")
        .hasMessageContaining("hour")
        .hasMessageContaining("24")
        .hasMessageContaining("0 9 * * 1-5");
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void a_cron_with_the_wrong_number_of_fields_is_rejected() {
    assertThatThrownBy(() -> scheduler.scheduleCron("x", job, "* * *"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'x'");
  }

  @Test
  void hour_24_is_rejected_naming_the_value() {
    assertThatThrownBy(() -> scheduler.scheduleDaily("report", job, 24, 0))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'report'")
        .hasMessageContaining("24");
  }

  @Test
  void minute_minus_one_and_sixty_are_rejected() {
    assertThatThrownBy(() -> scheduler.scheduleDaily("report", job, 9, -1))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> scheduler.scheduleHourly("report", job, 60))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("60");
  }

  @Test
  void a_zero_or_negative_interval_is_rejected() {
    assertThatThrownBy(() -> scheduler.scheduleInterval("poll", job, Duration.ZERO))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'poll'")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> scheduler.scheduleInterval("poll", job, Duration.ofSeconds(-5)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("PT-5S");
    assertThatThrownBy(() -> scheduler.scheduleInterval("poll", job, 0, 0, 0))
        .isInstanceOf(InvalidScheduleException.class);
  }

  @Test
  void a_blank_name_is_rejected() {
    assertThatThrownBy(() -> scheduler.scheduleDaily("  ", job, 9, 0))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("name must not be blank");
  }

  @Test
  void a_null_job_is_a_null_pointer_exception_naming_the_parameter() {
    assertThatThrownBy(() -> scheduler.scheduleDaily("report", null, 9, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("job");
    assertThatThrownBy(() -> scheduler.schedule("report").daily(LocalTime.NOON).run((Job) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("job");
  }

  @Test
  void an_end_before_the_start_is_rejected_naming_both() {
    assertThatThrownBy(
            () ->
                scheduler
                    .schedule("bounded")
                    .every(Duration.ofHours(1))
                    .startAt(Instant.parse("2026-04-01T00:00:00Z"))
                    .endAt(Instant.parse("2026-03-01T00:00:00Z"))
                    .run(job))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("2026-04-01T00:00:00Z")
        .hasMessageContaining("2026-03-01T00:00:00Z");
    assertThat(scheduler.getSchedule("bounded")).isEmpty();
  }

  @Test
  void an_unknown_schedule_is_named_in_the_exception() {
    assertThatThrownBy(() -> scheduler.enable("ghost"))
        .isInstanceOf(UnknownScheduleException.class)
        .hasMessageContaining("'ghost'");
    assertThatThrownBy(() -> scheduler.disable("ghost"))
        .isInstanceOf(UnknownScheduleException.class);
    assertThatThrownBy(() -> scheduler.runNow("ghost"))
        .isInstanceOf(UnknownScheduleException.class);
    assertThatThrownBy(() -> scheduler.nextRuns("ghost", 1))
        .isInstanceOf(UnknownScheduleException.class);
  }

  @Test
  void a_failed_replacement_keeps_the_old_definition() {
    scheduler.scheduleDaily("report", job, 9, 0);

    assertThatThrownBy(() -> scheduler.scheduleCron("report", job, "61 * * * *"))
        .isInstanceOf(InvalidScheduleException.class);

    ScheduleInfo info = scheduler.getSchedule("report").orElseThrow();
    assertThat(info.type()).isEqualTo(ScheduleType.DAILY);
    assertThat(info.nextRun().toInstant()).isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));
  }

  @Test
  void choosing_two_timings_or_none_is_rejected() {
    assertThatThrownBy(() -> scheduler.schedule("x").daily(LocalTime.NOON).hourly(5))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> scheduler.schedule("x").run(job))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("no timing chosen");
  }

  @Test
  void bad_options_are_rejected_at_the_call() {
    assertThatThrownBy(() -> scheduler.schedule("x").retries(-1, Duration.ZERO))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> scheduler.schedule("x").timeout(Duration.ZERO))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> scheduler.schedule("x").dependsOn("x"))
        .isInstanceOf(InvalidScheduleException.class);
    assertThatThrownBy(() -> scheduler.schedule("x").manual().run(" ", Map.of()))
        .isInstanceOf(InvalidScheduleException.class);
  }

  @Test
  void an_unknown_zone_in_the_environment_names_the_variable_and_value() {
    assertThatThrownBy(
            () -> SchedulerConfig.fromEnvironment(Map.of("SCHEDULER_TIMEZONE", "Mars/Base")))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("SCHEDULER_TIMEZONE")
        .hasMessageContaining("Mars/Base");
  }

  @Test
  void persistence_on_without_a_store_module_fails_create_naming_the_artifact_and_the_setting() {
    SchedulerConfig config = SchedulerConfig.builder().clock(clock).build();

    assertThatThrownBy(() -> PipelineScheduler.create(config))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("scheduler-persistence")
        .hasMessageContaining("persistSchedules(false)");
  }

  @Test
  void run_now_before_start_says_to_start_first() {
    PipelineScheduler stopped = PipelineScheduler.create(TestSchedulers.config(clock).build());
    try {
      stopped.schedule("m").manual().run(job);
      assertThatThrownBy(() -> stopped.runNow("m"))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining("start()");
    } finally {
      stopped.close();
    }
  }
}
