package io.pipelinescheduler.internal.time;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.InvalidScheduleException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimingsValidationTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final LocalTime NINE = LocalTime.of(9, 0);
  private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");

  static Stream<Arguments> rejects_a_bad_value_naming_the_schedule_and_the_value() {
    return Stream.of(
        rejects(() -> Timings.daily("daily_etl", 24, 0, UTC), "hour 24 is out of range 0-23"),
        rejects(() -> Timings.daily("daily_etl", -1, 0, UTC), "hour -1 is out of range 0-23"),
        rejects(() -> Timings.daily("daily_etl", 9, -1, UTC), "minute -1 is out of range 0-59"),
        rejects(() -> Timings.daily("daily_etl", 9, 60, UTC), "minute 60 is out of range 0-59"),
        rejects(() -> Timings.hourly("daily_etl", 60, UTC), "minute 60 is out of range 0-59"),
        rejects(() -> Timings.hourly("daily_etl", -1, UTC), "minute -1 is out of range 0-59"),
        rejects(
            () -> Timings.monthly("daily_etl", 0, NINE, UTC),
            "day of month 0 is out of range 1-31"),
        rejects(
            () -> Timings.monthly("daily_etl", 32, NINE, UTC),
            "day of month 32 is out of range 1-31"),
        rejects(
            () -> Timings.everyMonths("daily_etl", 0, 15, NINE, UTC, START),
            "months 0 must be at least 1"),
        rejects(
            () -> Timings.everyMonths("daily_etl", 3, 32, NINE, UTC, START),
            "day of month 32 is out of range 1-31"),
        rejects(
            () -> Timings.interval("daily_etl", Duration.ZERO, Instant.EPOCH),
            "interval PT0S is not positive; it must be longer than zero"),
        rejects(
            () -> Timings.interval("daily_etl", Duration.ofMinutes(-5), Instant.EPOCH),
            "interval PT-5M is not positive; it must be longer than zero"),
        rejects(
            () -> Timings.interval("daily_etl", 0, 0, 0, Instant.EPOCH),
            "interval of 0 hours, 0 minutes and 0 seconds is zero; it must be longer than zero"),
        rejects(
            () -> Timings.interval("daily_etl", -1, 30, 0, Instant.EPOCH), "hours -1 is negative"),
        rejects(
            () -> Timings.interval("daily_etl", 1, -30, 0, Instant.EPOCH),
            "minutes -30 is negative"),
        rejects(
            () -> Timings.interval("daily_etl", 1, 0, -1, Instant.EPOCH), "seconds -1 is negative"),
        rejects(
            () -> Timings.interval("daily_etl", Long.MAX_VALUE, 0, 0, Instant.EPOCH),
            "interval of 9223372036854775807 hours, 0 minutes and 0 seconds is too long"),
        rejects(
            () ->
                Timings.bounded(
                    "daily_etl", Timings.manual(), START, Instant.parse("2026-01-01T00:00:00Z")),
            "endAt 2026-01-01T00:00:00Z is before startAt 2026-02-01T00:00:00Z"),
        rejects(
            () -> Timings.zone("daily_etl", "Mars/Base"),
            "unknown time zone 'Mars/Base'; e.g. 'Europe/Paris' or 'UTC'"),
        rejects(
            () -> Timings.zone("daily_etl", "not a zone!"),
            "unknown time zone 'not a zone!'; e.g. 'Europe/Paris' or 'UTC'"),
        rejects(
            () -> Timings.zone("daily_etl", " "),
            "time zone is blank; e.g. 'Europe/Paris' or 'UTC'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource
  void rejects_a_bad_value_naming_the_schedule_and_the_value(
      ThrowingCallable definition, String problem) {
    assertThatThrownBy(definition)
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage("schedule 'daily_etl': " + problem);
  }

  static Stream<Arguments> rejects_a_null_argument_naming_the_parameter() {
    return Stream.of(
        nullArgument("name", () -> Timings.daily(null, NINE, UTC)),
        nullArgument("at", () -> Timings.daily("n", null, UTC)),
        nullArgument("zone", () -> Timings.daily("n", NINE, null)),
        nullArgument("zone", () -> Timings.daily("n", 9, 0, null)),
        nullArgument("zone", () -> Timings.hourly("n", 0, null)),
        nullArgument("expression", () -> Timings.cron("n", null, CronFlavor.UNIX, UTC)),
        nullArgument("flavor", () -> Timings.cron("n", "* * * * *", null, UTC)),
        nullArgument("zone", () -> Timings.cron("n", "* * * * *", CronFlavor.UNIX, null)),
        nullArgument("every", () -> Timings.interval("n", null, Instant.EPOCH)),
        nullArgument("anchor", () -> Timings.interval("n", Duration.ofMinutes(1), null)),
        nullArgument("anchor", () -> Timings.interval("n", 0, 1, 0, null)),
        nullArgument("day", () -> Timings.weekly("n", null, NINE, UTC)),
        nullArgument("at", () -> Timings.weekly("n", DayOfWeek.MONDAY, null, UTC)),
        nullArgument("at", () -> Timings.monthly("n", 1, null, UTC)),
        nullArgument("anchor", () -> Timings.everyMonths("n", 3, 15, NINE, UTC, null)),
        nullArgument("at", () -> Timings.once("n", null)),
        nullArgument("zone", () -> Timings.manual(null)),
        nullArgument("timing", () -> Timings.bounded("n", null, START, null)),
        nullArgument("zoneId", () -> Timings.zone("n", null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void rejects_a_null_argument_naming_the_parameter(String parameter, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(parameter);
  }

  private static Arguments rejects(ThrowingCallable definition, String problem) {
    return arguments(definition, problem);
  }

  private static Arguments nullArgument(String parameter, ThrowingCallable call) {
    return arguments(parameter, call);
  }
}
