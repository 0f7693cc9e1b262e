package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 7: the documented limits on names, instants, durations, retries and concurrency,
 * enforced at the call, before anything is registered or stored.
 */
class InputLimitsTest {
  private static final String ONE_MEGABYTE = "n".repeat(1 << 20);

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final Job job = context -> {};

  @AfterEach
  void close() {
    scheduler.close();
  }

  private void assertNothingRegistered() {
    assertThat(scheduler.listSchedules()).isEmpty();
    assertThat(scheduler.exportSchedules()).isEqualTo("[ ]");
  }

  // ---- instants ----

  @Test
  void once_at_instant_min_is_an_invalid_schedule_naming_the_value_and_registers_nothing() {
    assertThatThrownBy(() -> scheduler.schedule("ancient").once(Instant.MIN).run(job))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'ancient'")
        .hasMessageContaining(Instant.MIN.toString())
        .hasMessageContaining("1970-01-01T00:00:00Z");

    assertNothingRegistered();
    assertThat(scheduler.getSchedule("ancient")).isEmpty();
    scheduler.schedule("after").manual().run(job);
    assertThat(scheduler.listSchedules()).extracting(ScheduleInfo::name).containsExactly("after");
  }

  @Test
  void once_before_1970_or_after_9999_is_refused_naming_the_schedule_and_the_value() {
    assertThatThrownBy(
            () -> scheduler.schedule("old").once(Instant.parse("1969-12-31T23:59:59Z")).run(job))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'old'")
        .hasMessageContaining("1969-12-31T23:59:59Z");
    assertThatThrownBy(
            () -> scheduler.schedule("late").once(Instant.parse("+10000-01-01T00:00:00Z")).run(job))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'late'")
        .hasMessageContaining("+10000-01-01T00:00:00Z")
        .hasMessageContaining("9999-12-31T23:59:59Z");
    assertThatThrownBy(() -> scheduler.schedule("max").once(Instant.MAX).run(job))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining(Instant.MAX.toString());
    assertNothingRegistered();
  }

  @Test
  void the_first_and_last_instants_of_the_range_are_accepted() {
    scheduler.schedule("first").once(Instant.parse("1970-01-01T00:00:00Z")).run(job);
    scheduler.schedule("last").once(Instant.parse("9999-12-31T23:59:59Z")).run(job);

    assertThat(scheduler.getSchedule("last").orElseThrow().nextRun().toInstant())
        .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @Test
  void start_at_and_end_at_outside_the_range_are_refused_naming_the_option_and_the_value() {
    assertThatThrownBy(() -> scheduler.schedule("s").startAt(Instant.parse("1900-01-01T00:00:00Z")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 's'")
        .hasMessageContaining("startAt")
        .hasMessageContaining("1900-01-01T00:00:00Z");
    assertThatThrownBy(() -> scheduler.schedule("e").endAt(Instant.MAX))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("endAt")
        .hasMessageContaining(Instant.MAX.toString());
  }

  @Test
  void an_interval_whose_first_run_falls_after_9999_is_refused() {
    SettableClock lateClock = SettableClock.at("9999-06-01T00:00:00Z");
    try (PipelineScheduler late =
        PipelineScheduler.create(TestSchedulers.config(lateClock).build())) {
      assertThatThrownBy(
              () ->
                  late.schedule("yearly")
                      .every(Duration.ofDays(4000))
                      .startAt(Instant.parse("9990-01-01T00:00:00Z"))
                      .run(job))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("schedule 'yearly'")
          .hasMessageContaining("first run +10000-")
          .hasMessageContaining("9999-12-31T23:59:59Z");
      assertThat(late.listSchedules()).isEmpty();
    }
  }

  // ---- names ----

  @Test
  void a_one_megabyte_name_is_refused_with_a_short_message_that_shows_its_start_and_length() {
    assertThatThrownBy(() -> scheduler.scheduleDaily(ONE_MEGABYTE, job, 9, 0))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("nnnnnnnnnn")
        .hasMessageContaining("1048576 characters")
        .hasMessageContaining("at most 200")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    assertNothingRegistered();
  }

  @Test
  void a_name_of_200_characters_is_accepted_and_one_of_201_is_refused() {
    scheduler.schedule("a".repeat(200)).manual().run(job);

    assertThatThrownBy(() -> scheduler.schedule("b".repeat(201)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("201 characters");
    assertThat(scheduler.listSchedules()).hasSize(1);
  }

  @Test
  void control_characters_and_surrounding_spaces_in_a_name_are_refused_and_shown_escaped() {
    assertThatThrownBy(() -> scheduler.schedule("nul\0name"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("nul\\u0000name")
        .hasMessageContaining("control character")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0"));
    assertThatThrownBy(() -> scheduler.schedule("line\nbreak"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("line\\u000abreak");
    assertThatThrownBy(() -> scheduler.schedule(" padded"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("' padded'")
        .hasMessageContaining("space");
    assertThatThrownBy(() -> scheduler.schedule("padded\t"))
        .isInstanceOf(InvalidScheduleException.class);
  }

  @Test
  void every_path_that_creates_a_schedule_checks_the_name() {
    String bad = "x\u0007";
    ThrowingCallable[] calls = {
      () -> scheduler.scheduleCron(bad, job, "0 9 * * *"),
      () -> scheduler.scheduleDaily(bad, job, 9, 0),
      () -> scheduler.scheduleHourly(bad, job, 5),
      () -> scheduler.scheduleInterval(bad, job, Duration.ofMinutes(5)),
      () -> scheduler.scheduleInterval(bad, job, 0, 5, 0),
      () -> scheduler.schedule(bad).daily(LocalTime.NOON).run(job),
      () -> scheduler.schedule("ok").manual().dependsOn(bad),
      () -> scheduler.schedule("ok").manual().dependsOn("y".repeat(201)),
      () -> scheduler.schedule("ok").manual().run(bad, Map.of()),
      () ->
          scheduler.importSchedules(
              "[{\"name\": \"x\\u0007\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
                  + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\"}}}]"),
    };
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(InvalidScheduleException.class);
    }
    assertNothingRegistered();
  }

  @Test
  void a_job_type_name_follows_the_same_rules_when_registered() {
    assertThatThrownBy(() -> scheduler.registerJobType("t".repeat(201), (context, params) -> {}))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("job type")
        .hasMessageContaining("201 characters");
    assertThatThrownBy(() -> scheduler.registerJobType("send\0", (context, params) -> {}))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("send\\u0000");
  }

  // ---- durations and counts ----

  @Test
  void an_interval_below_one_millisecond_is_refused_naming_the_value_and_the_minimum() {
    assertThatThrownBy(() -> scheduler.scheduleInterval("spin", job, Duration.ofNanos(1)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'spin'")
        .hasMessageContaining("PT0.000000001S")
        .hasMessageContaining("PT0.001S");
    assertThatThrownBy(() -> scheduler.schedule("spin").every(Duration.ofNanos(999_999)).run(job))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("PT0.000999999S");
    assertNothingRegistered();

    scheduler.scheduleInterval("fast", job, Duration.ofMillis(1));
    assertThat(scheduler.nextRuns("fast", 2))
        .extracting(time -> time.toInstant())
        .containsExactly(
            Instant.parse("2026-03-09T08:00:00.001Z"), Instant.parse("2026-03-09T08:00:00.002Z"));
  }

  @Test
  void an_interval_or_timeout_or_retry_delay_longer_than_36500_days_is_refused() {
    Duration tooLong = Duration.ofDays(36_501);
    assertThatThrownBy(() -> scheduler.scheduleInterval("slow", job, tooLong))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("PT876024H")
        .hasMessageContaining("36500 days");
    assertThatThrownBy(() -> scheduler.scheduleInterval("slow", job, 876_024, 0, 0))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("36500 days");
    assertThatThrownBy(() -> scheduler.schedule("t").timeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> scheduler.schedule("r").retries(1, tooLong))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("retry delay")
        .hasMessageContaining("PT876024H");
  }

  @Test
  void a_timeout_below_one_millisecond_is_refused() {
    assertThatThrownBy(() -> scheduler.schedule("t").timeout(Duration.ofNanos(1)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 't'")
        .hasMessageContaining("PT0.000000001S")
        .hasMessageContaining("PT0.001S");
  }

  @Test
  void more_than_100_retries_are_refused_naming_the_value() {
    assertThatThrownBy(() -> scheduler.schedule("r").retries(101, Duration.ZERO))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("101")
        .hasMessageContaining("100");
    scheduler.schedule("r").retries(100, Duration.ZERO).manual().run(job);
  }

  @Test
  void max_concurrent_runs_above_1000_is_refused_in_the_builder_and_the_environment() {
    assertThatThrownBy(() -> SchedulerConfig.builder().maxConcurrentRuns(Integer.MAX_VALUE))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("maxConcurrentRuns")
        .hasMessageContaining("1000")
        .hasMessageContaining(String.valueOf(Integer.MAX_VALUE));
    assertThatThrownBy(
            () -> SchedulerConfig.fromEnvironment(Map.of("SCHEDULER_MAX_CONCURRENT", "1001")))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("SCHEDULER_MAX_CONCURRENT")
        .hasMessageContaining("1001")
        .hasMessageContaining("1000");
    assertThat(SchedulerConfig.builder().maxConcurrentRuns(1000).build().maxConcurrentRuns())
        .isEqualTo(1000);
  }
}
