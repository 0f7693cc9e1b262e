package io.pipelinescheduler.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CronTimingTest {
  @Test
  void a_cron_firing_every_second_fires_on_whole_seconds_whatever_the_time_asked_from() {
    Timing timing = Timings.cron("every-second", "* * * * * ?", CronFlavor.QUARTZ, ZoneOffset.UTC);

    assertThat(timing.nextAfter(Instant.parse("2026-01-01T00:00:00.482346622Z")))
        .contains(Instant.parse("2026-01-01T00:00:01Z"));
    assertThat(timing.nextAfter(Instant.parse("2026-01-01T00:00:01Z")))
        .contains(Instant.parse("2026-01-01T00:00:02Z"));
  }

  @Test
  void a_unix_cron_fires_on_whole_minutes_whatever_the_time_asked_from() {
    Timing timing = Timings.cron("every-minute", "* * * * *", CronFlavor.UNIX, ZoneOffset.UTC);

    assertThat(timing.nextAfter(Instant.parse("2026-01-01T00:00:59.999Z")))
        .contains(Instant.parse("2026-01-01T00:01:00Z"));
  }

  private static final Instant NEW_YEAR_2026 = Instant.parse("2026-01-01T00:00:00Z");

  static Stream<Arguments> fires_on_the_dates_each_flavour_names() {
    return Stream.of(
        arguments(
            CronFlavor.UNIX,
            "0 9 * * 1-5",
            List.of("2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z")),
        arguments(
            CronFlavor.UNIX,
            "0 9 * * MON,7",
            List.of("2026-01-04T09:00:00Z", "2026-01-05T09:00:00Z", "2026-01-11T09:00:00Z")),
        arguments(
            CronFlavor.UNIX,
            "15 */6 1 * *",
            List.of("2026-01-01T00:15:00Z", "2026-01-01T06:15:00Z", "2026-01-01T12:15:00Z")),
        // Quartz: ? in one day field, L last day, W nearest weekday, # nth weekday (6 = Friday).
        arguments(
            CronFlavor.QUARTZ,
            "0 0 9 ? * MON-FRI",
            List.of("2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z")),
        arguments(
            CronFlavor.QUARTZ,
            "0 0 9 L * ?",
            List.of("2026-01-31T09:00:00Z", "2026-02-28T09:00:00Z", "2026-03-31T09:00:00Z")),
        arguments(
            CronFlavor.QUARTZ,
            "0 0 9 15W * ?",
            List.of("2026-01-15T09:00:00Z", "2026-02-16T09:00:00Z", "2026-03-16T09:00:00Z")),
        arguments(
            CronFlavor.QUARTZ,
            "0 0 9 LW * ?",
            List.of("2026-01-30T09:00:00Z", "2026-02-27T09:00:00Z", "2026-03-31T09:00:00Z")),
        arguments(
            CronFlavor.QUARTZ,
            "0 0 9 ? * 6#3",
            List.of("2026-01-16T09:00:00Z", "2026-02-20T09:00:00Z", "2026-03-20T09:00:00Z")),
        arguments(
            CronFlavor.QUARTZ,
            "0 0 9 ? * 6L",
            List.of("2026-01-30T09:00:00Z", "2026-02-27T09:00:00Z", "2026-03-27T09:00:00Z")),
        arguments(
            CronFlavor.QUARTZ,
            "30 15 10 1 JAN ? 2027-2028",
            List.of("2027-01-01T10:15:30Z", "2028-01-01T10:15:30Z")),
        // Spring (5.3 syntax): 0 and 7 are Sunday, 5 is Friday.
        arguments(
            CronFlavor.SPRING,
            "0 0 9 * * MON-FRI",
            List.of("2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z")),
        arguments(
            CronFlavor.SPRING,
            "0 0 9 ? * 5#3",
            List.of("2026-01-16T09:00:00Z", "2026-02-20T09:00:00Z", "2026-03-20T09:00:00Z")),
        arguments(
            CronFlavor.SPRING,
            "0 0 9 L * *",
            List.of("2026-01-31T09:00:00Z", "2026-02-28T09:00:00Z", "2026-03-31T09:00:00Z")),
        arguments(
            CronFlavor.SPRING,
            "0 0 9 15W * ?",
            List.of("2026-01-15T09:00:00Z", "2026-02-16T09:00:00Z", "2026-03-16T09:00:00Z")),
        arguments(
            CronFlavor.SPRING,
            "*/20 * * * * *",
            List.of("2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01:00Z")));
  }

  @ParameterizedTest(name = "{0} \"{1}\" fires at {2}")
  @MethodSource
  void fires_on_the_dates_each_flavour_names(
      CronFlavor flavor, String expression, List<String> expected) {
    Timing timing = Timings.cron("flavours", expression, flavor, ZoneOffset.UTC);

    List<Instant> fires = Fires.next(timing, NEW_YEAR_2026, 3);

    assertThat(fires).containsExactlyElementsOf(expected.stream().map(Instant::parse).toList());
  }

  @ParameterizedTest(name = "{0} \"{1}\" is rejected with: {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
      UNIX   | 0 24 * * *         | cron field 'hour' has 24; valid 0-23, e.g. "0 9 * * 1-5"
      UNIX   | 60 9 * * *         | cron field 'minute' has 60; valid 0-59, e.g. "0 9 * * 1-5"
      UNIX   | 0 9 32 * *         | cron field 'day-of-month' has 32; valid 1-31, e.g. "0 9 * * 1-5"
      UNIX   | 0 9 * 13 *         | cron field 'month' has 13; valid 1-12 or JAN-DEC, e.g. "0 9 * * 1-5"
      UNIX   | 0 9 * * 8          | cron field 'day-of-week' has 8; valid 0-7 or SUN-SAT (0 and 7 are Sunday), e.g. "0 9 * * 1-5"
      UNIX   | 0 1-24 * * *       | cron field 'hour' has 24 (in "1-24"); valid 0-23, e.g. "0 9 * * 1-5"
      UNIX   | abc 9 * * *        | cron field 'minute' has "abc"; valid 0-59, e.g. "0 9 * * 1-5"
      UNIX   | */0 * * * *        | cron field 'minute' has step 0 (in "*/0"); valid 0-59, e.g. "0 9 * * 1-5"
      UNIX   | 0 9 * JAN,FOO *    | cron field 'month' has "JAN,FOO"; valid 1-12 or JAN-DEC, e.g. "0 9 * * 1-5"
      UNIX   | 0 9 L * *          | cron field 'day-of-month' has "L"; valid 1-31, e.g. "0 9 * * 1-5"
      UNIX   | 0 9 * *            | cron expression "0 9 * *" has 4 fields; expected 5: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5"
      UNIX   | @daily             | cron expression "@daily" has 1 field; expected 5: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5"
      UNIX   | 0 0 31 2 *         | cron expression "0 0 31 2 *" never fires: no date matches it; e.g. "0 9 * * 1-5"
      QUARTZ | 0 0 24 ? * *       | cron field 'hour' has 24; valid 0-23, e.g. "0 0 9 ? * MON-FRI"
      QUARTZ | 0 0 9 ? * 0        | cron field 'day-of-week' has 0; valid 1-7 or SUN-SAT (1 is Sunday), L, # or ?, e.g. "0 0 9 ? * MON-FRI"
      QUARTZ | 0 0 9 ? * MON 2200 | cron field 'year' has 2200; valid 1970-2099, e.g. "0 0 9 ? * MON-FRI"
      QUARTZ | 0 0 9 * * MON      | cron fields 'day-of-month' ("*") and 'day-of-week' ("MON") are both set; Quartz needs '?' in one of them, e.g. "0 0 9 ? * MON-FRI"
      QUARTZ | 0 0 9 ? * ?        | cron fields 'day-of-month' and 'day-of-week' are both '?'; one of them must name days, e.g. "0 0 9 ? * MON-FRI"
      QUARTZ | 0 9 * * 1-5        | cron expression "0 9 * * 1-5" has 5 fields; expected 6 or 7: second minute hour day-of-month month day-of-week [year], e.g. "0 0 9 ? * MON-FRI"
      QUARTZ | 0 0 9 ? * MON#6    | cron expression "0 0 9 ? * MON#6" never fires: no date matches it; e.g. "0 0 9 ? * MON-FRI"
      SPRING | 0 0 9 * * MON 2026 | cron expression "0 0 9 * * MON 2026" has 7 fields; expected 6: second minute hour day-of-month month day-of-week, e.g. "0 0 9 * * MON-FRI"
      SPRING | 0 0 9 * * 8        | cron field 'day-of-week' has 8; valid 0-7 or SUN-SAT (0 and 7 are Sunday), L, # or ?, e.g. "0 0 9 * * MON-FRI"
      SPRING | 0 0 9 32W * *      | cron field 'day-of-month' has 32 (in "32W"); valid 1-31, L, W or ?, e.g. "0 0 9 * * MON-FRI"
      SPRING | x 0 9 * * *        | cron field 'second' has "x"; valid 0-59, e.g. "0 0 9 * * MON-FRI"
      """)
  void names_the_wrong_field_and_value_and_shows_a_valid_example(
      CronFlavor flavor, String expression, String problem) {
    assertThatThrownBy(() -> Timings.cron("daily_etl", expression, flavor, ZoneOffset.UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessage("schedule 'daily_etl': " + problem)
        .extracting(error -> ((InvalidScheduleException) error).scheduleName())
        .isEqualTo("daily_etl");
  }

  @ParameterizedTest(name = "{0} blank expression")
  @CsvSource({
    "UNIX, 'minute hour day-of-month month day-of-week, e.g. \"0 9 * * 1-5\"'",
    "QUARTZ, 'second minute hour day-of-month month day-of-week [year], e.g. \"0 0 9 ? * MON-FRI\"'"
  })
  void rejects_a_blank_expression_saying_which_fields_are_expected(
      CronFlavor flavor, String expected) {
    assertThatThrownBy(() -> Timings.cron("daily_etl", "  \t ", flavor, ZoneOffset.UTC))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith("schedule 'daily_etl': cron expression is blank; expected ")
        .hasMessageEndingWith(expected);
  }

  @Test
  void rejects_a_null_expression_naming_the_parameter() {
    assertThatThrownBy(() -> Timings.cron("daily_etl", null, CronFlavor.UNIX, ZoneOffset.UTC))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expression");
  }

  @ParameterizedTest(name = "\"{0}\" is described as \"{1}\"")
  @CsvSource({
    "0 9 * * 1-5, at 09:00 every day between Monday and Friday",
    "*/30 * * * *, every 30 minutes",
    "30 2 * * *, at 02:30"
  })
  void describes_itself_in_english_with_the_expression_as_spec(
      String expression, String description) {
    Timing timing = Timings.cron("described", expression, CronFlavor.UNIX, ZoneOffset.UTC);

    assertThat(timing.type()).isEqualTo(ScheduleType.CRON);
    assertThat(timing.spec()).isEqualTo(expression);
    assertThat(timing.description()).isEqualTo(description);
  }

  @Test
  void keeps_the_expression_with_single_spaces_and_its_zone() {
    ZoneId paris = ZoneId.of("Europe/Paris");

    Timing timing = Timings.cron("spaced", "  0  9 *\t* 1-5 ", CronFlavor.UNIX, paris);

    assertThat(timing.spec()).isEqualTo("0 9 * * 1-5");
    assertThat(timing.zone()).isEqualTo(paris);
    assertThat(timing.nextAfter(Instant.parse("2026-01-05T00:00:00Z")))
        .contains(Instant.parse("2026-01-05T08:00:00Z"));
  }

  @ParameterizedTest(name = "\"{0}\" has period {1}")
  @CsvSource({
    "0 9 * * *, PT24H",
    "*/30 * * * *, PT30M",
    "15 */2 * * *, PT2H",
    "0 9 * * 1-5, PT24H",
    "0 0 1 1 *, PT8760H"
  })
  void measures_its_period_between_two_consecutive_fires(String expression, Duration period) {
    Timing timing = Timings.cron("period", expression, CronFlavor.UNIX, ZoneOffset.UTC);

    assertThat(timing.period()).isEqualTo(period);
  }

  @ParameterizedTest(name = "{0} \"{1}\" fires at both occurrences of a repeated hour: {2}")
  @CsvSource({
    "UNIX, 30 1 * * *, false",
    "UNIX, '0 9,17 * * *', false",
    "UNIX, */30 * * * *, true",
    "UNIX, 0 */2 * * *, true",
    "UNIX, 0 1-3 * * *, true",
    "QUARTZ, 0 30 1 ? * *, false",
    "QUARTZ, 0 0/15 * ? * *, true",
    "SPRING, 0 30 1 * * *, false"
  })
  void treats_only_a_fixed_hour_field_as_firing_once_in_a_repeated_hour(
      CronFlavor flavor, String expression, boolean both) {
    CronTiming timing = CronExpressions.compile("hours", expression, flavor, ZoneOffset.UTC);

    assertThat(timing.firesAtBothOccurrences()).isEqualTo(both);
  }

  @Test
  void has_no_next_fire_after_the_last_year_it_names() {
    Timing timing = Timings.cron("past", "0 0 9 ? * MON 2020", CronFlavor.QUARTZ, ZoneOffset.UTC);

    assertThat(timing.nextAfter(NEW_YEAR_2026)).isEmpty();
    assertThat(timing.nextAfter(Instant.parse("2020-12-25T00:00:00Z")))
        .contains(Instant.parse("2020-12-28T09:00:00Z"));
  }

  @Test
  void equals_another_timing_of_the_same_expression_flavour_and_zone() {
    Timing first = Timings.cron("a", "0 9 * * *", CronFlavor.UNIX, ZoneOffset.UTC);
    Timing same = Timings.cron("b", "0 9 * * *", CronFlavor.UNIX, ZoneOffset.UTC);
    Timing otherZone = Timings.cron("c", "0 9 * * *", CronFlavor.UNIX, ZoneId.of("Europe/Paris"));

    assertThat(first).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(otherZone);
  }
}
