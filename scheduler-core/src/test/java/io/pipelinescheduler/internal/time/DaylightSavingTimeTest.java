package io.pipelinescheduler.internal.time;

import static io.pipelinescheduler.internal.time.Fires.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.pipelinescheduler.CronFlavor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 1 of the rules of time at the 2026 transitions of America/New_York (spring forward 8 March
 * 02:00 to 03:00, fall back 1 November 02:00 to 01:00) and Australia/Sydney (fall back 5 April
 * 03:00 to 02:00, spring forward 4 October 02:00 to 03:00).
 */
class DaylightSavingTimeTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  @Test
  void the_2026_transitions_under_test_are_the_ones_the_zone_rules_have() {
    assertThat(transitionsIn2026(NEW_YORK))
        .containsExactly(
            "2026-03-08T02:00 gap to 2026-03-08T03:00",
            "2026-11-01T02:00 overlap to 2026-11-01T01:00");
    assertThat(transitionsIn2026(SYDNEY))
        .containsExactly(
            "2026-04-05T03:00 overlap to 2026-04-05T02:00",
            "2026-10-04T02:00 gap to 2026-10-04T03:00");
  }

  static Stream<Arguments> lists_every_fire_of_a_transition_day() {
    return Stream.of(
        // New York, spring forward: 02:00-03:00 does not exist.
        arguments(NEW_YORK, "2026-03-08", "daily 02:30", 1, List.of("03:30-04:00")),
        arguments(NEW_YORK, "2026-03-08", "daily 01:30", 1, List.of("01:30-05:00")),
        arguments(NEW_YORK, "2026-03-08", "daily 02:00", 1, List.of("03:00-04:00")),
        arguments(
            NEW_YORK,
            "2026-03-08",
            "hourly :30",
            23,
            List.of("00:30-05:00", "01:30-05:00", "03:30-04:00", "04:30-04:00")),
        arguments(
            NEW_YORK,
            "2026-03-08",
            "cron */30 * * * *",
            46,
            List.of(
                "00:00-05:00",
                "00:30-05:00",
                "01:00-05:00",
                "01:30-05:00",
                "03:00-04:00",
                "03:30-04:00",
                "04:00-04:00",
                "04:30-04:00")),
        arguments(NEW_YORK, "2026-03-08", "cron 30 2 * * *", 1, List.of("03:30-04:00")),
        arguments(NEW_YORK, "2026-03-08", "cron 30 1 * * *", 1, List.of("01:30-05:00")),
        // New York, fall back: 01:00-02:00 occurs twice.
        arguments(NEW_YORK, "2026-11-01", "daily 02:30", 1, List.of("02:30-05:00")),
        arguments(NEW_YORK, "2026-11-01", "daily 01:30", 1, List.of("01:30-04:00")),
        arguments(
            NEW_YORK,
            "2026-11-01",
            "hourly :30",
            25,
            List.of(
                "00:30-04:00",
                "01:30-04:00",
                "01:30-05:00",
                "02:30-05:00",
                "03:30-05:00",
                "04:30-05:00")),
        arguments(
            NEW_YORK,
            "2026-11-01",
            "cron */30 * * * *",
            50,
            List.of(
                "00:00-04:00",
                "00:30-04:00",
                "01:00-04:00",
                "01:30-04:00",
                "01:00-05:00",
                "01:30-05:00",
                "02:00-05:00",
                "02:30-05:00",
                "03:00-05:00",
                "03:30-05:00",
                "04:00-05:00",
                "04:30-05:00")),
        arguments(NEW_YORK, "2026-11-01", "cron 30 2 * * *", 1, List.of("02:30-05:00")),
        arguments(NEW_YORK, "2026-11-01", "cron 30 1 * * *", 1, List.of("01:30-04:00")),
        // Sydney, fall back: 02:00-03:00 occurs twice.
        arguments(SYDNEY, "2026-04-05", "daily 02:30", 1, List.of("02:30+11:00")),
        arguments(SYDNEY, "2026-04-05", "daily 01:30", 1, List.of("01:30+11:00")),
        arguments(
            SYDNEY,
            "2026-04-05",
            "hourly :30",
            25,
            List.of(
                "00:30+11:00",
                "01:30+11:00",
                "02:30+11:00",
                "02:30+10:00",
                "03:30+10:00",
                "04:30+10:00")),
        arguments(
            SYDNEY,
            "2026-04-05",
            "cron */30 * * * *",
            50,
            List.of(
                "00:00+11:00",
                "00:30+11:00",
                "01:00+11:00",
                "01:30+11:00",
                "02:00+11:00",
                "02:30+11:00",
                "02:00+10:00",
                "02:30+10:00",
                "03:00+10:00",
                "03:30+10:00",
                "04:00+10:00",
                "04:30+10:00")),
        arguments(SYDNEY, "2026-04-05", "cron 30 2 * * *", 1, List.of("02:30+11:00")),
        arguments(SYDNEY, "2026-04-05", "cron 30 1 * * *", 1, List.of("01:30+11:00")),
        // Sydney, spring forward: 02:00-03:00 does not exist.
        arguments(SYDNEY, "2026-10-04", "daily 02:30", 1, List.of("03:30+11:00")),
        arguments(SYDNEY, "2026-10-04", "daily 01:30", 1, List.of("01:30+10:00")),
        arguments(
            SYDNEY,
            "2026-10-04",
            "hourly :30",
            23,
            List.of("00:30+10:00", "01:30+10:00", "03:30+11:00", "04:30+11:00")),
        arguments(
            SYDNEY,
            "2026-10-04",
            "cron */30 * * * *",
            46,
            List.of(
                "00:00+10:00",
                "00:30+10:00",
                "01:00+10:00",
                "01:30+10:00",
                "03:00+11:00",
                "03:30+11:00",
                "04:00+11:00",
                "04:30+11:00")),
        arguments(SYDNEY, "2026-10-04", "cron 30 2 * * *", 1, List.of("03:30+11:00")),
        arguments(SYDNEY, "2026-10-04", "cron 30 1 * * *", 1, List.of("01:30+10:00")));
  }

  @ParameterizedTest(name = "{2} in {0} on {1}: {3} fires, before 05:00 {4}")
  @MethodSource
  void lists_every_fire_of_a_transition_day(
      ZoneId zone, String day, String definition, int firesThatDay, List<String> beforeFive) {
    LocalDate date = LocalDate.parse(day);
    Timing timing = timing(definition, zone);
    Instant dayStart = date.atStartOfDay(zone).toInstant();
    Instant dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant();
    Instant five = date.atTime(5, 0).atZone(zone).toInstant();

    List<Instant> fires = Fires.between(timing, dayStart.minusNanos(1), dayEnd);

    assertThat(fires).hasSize(firesThatDay).doesNotHaveDuplicates().isSorted();
    assertThat(fires.stream().filter(fire -> fire.isBefore(five)))
        .containsExactlyElementsOf(beforeFive.stream().map(time -> at(day + "T" + time)).toList());
  }

  static Stream<Arguments> fires_next_from_inside_and_around_a_transition() {
    return Stream.of(
        // New York spring forward: from before the gap, from inside the shifted hour, at the fire.
        arguments(NEW_YORK, "daily 02:30", "2026-03-08T01:59-05:00", "2026-03-08T03:30-04:00"),
        arguments(NEW_YORK, "daily 02:30", "2026-03-08T03:10-04:00", "2026-03-08T03:30-04:00"),
        arguments(NEW_YORK, "daily 02:30", "2026-03-08T03:30-04:00", "2026-03-09T02:30-04:00"),
        arguments(NEW_YORK, "hourly :30", "2026-03-08T03:10-04:00", "2026-03-08T03:30-04:00"),
        arguments(NEW_YORK, "hourly :30", "2026-03-08T03:30-04:00", "2026-03-08T04:30-04:00"),
        arguments(
            NEW_YORK, "cron */30 * * * *", "2026-03-08T01:30-05:00", "2026-03-08T03:00-04:00"),
        arguments(
            NEW_YORK, "cron */30 * * * *", "2026-03-08T03:00-04:00", "2026-03-08T03:30-04:00"),
        arguments(NEW_YORK, "cron 30 2 * * *", "2026-03-08T03:29-04:00", "2026-03-08T03:30-04:00"),
        arguments(NEW_YORK, "cron 30 2 * * *", "2026-03-08T03:30-04:00", "2026-03-09T02:30-04:00"),
        // New York fall back: from the first and from the second occurrence of 01:00-02:00.
        arguments(NEW_YORK, "hourly :30", "2026-11-01T01:45-04:00", "2026-11-01T01:30-05:00"),
        arguments(NEW_YORK, "hourly :30", "2026-11-01T01:10-05:00", "2026-11-01T01:30-05:00"),
        arguments(NEW_YORK, "hourly :30", "2026-11-01T01:30-05:00", "2026-11-01T02:30-05:00"),
        arguments(
            NEW_YORK, "cron */30 * * * *", "2026-11-01T01:45-04:00", "2026-11-01T01:00-05:00"),
        arguments(
            NEW_YORK, "cron */30 * * * *", "2026-11-01T01:30-05:00", "2026-11-01T02:00-05:00"),
        arguments(NEW_YORK, "daily 01:30", "2026-11-01T01:10-05:00", "2026-11-02T01:30-05:00"),
        arguments(NEW_YORK, "daily 01:30", "2026-11-01T01:45-04:00", "2026-11-02T01:30-05:00"),
        arguments(NEW_YORK, "cron 30 1 * * *", "2026-11-01T01:10-05:00", "2026-11-02T01:30-05:00"),
        arguments(NEW_YORK, "daily 01:30", "2026-11-01T00:59-04:00", "2026-11-01T01:30-04:00"),
        // Sydney.
        arguments(SYDNEY, "hourly :30", "2026-04-05T02:45+11:00", "2026-04-05T02:30+10:00"),
        arguments(SYDNEY, "daily 02:30", "2026-04-05T02:10+10:00", "2026-04-06T02:30+10:00"),
        arguments(SYDNEY, "daily 02:30", "2026-10-04T03:10+11:00", "2026-10-04T03:30+11:00"),
        arguments(SYDNEY, "cron 30 2 * * *", "2026-10-04T01:00+10:00", "2026-10-04T03:30+11:00"));
  }

  @ParameterizedTest(name = "{1} in {0} after {2} fires at {3}")
  @MethodSource
  void fires_next_from_inside_and_around_a_transition(
      ZoneId zone, String definition, String after, String expected) {
    Timing timing = timing(definition, zone);

    Instant next = timing.nextAfter(at(after)).orElseThrow();

    assertThat(next).isEqualTo(at(expected));
  }

  static Stream<Arguments> fires_once_per_slot_over_a_whole_year() {
    return Stream.of(NEW_YORK, SYDNEY)
        .flatMap(
            zone ->
                Stream.of(
                    arguments(zone, "daily 02:30", 365),
                    arguments(zone, "daily 01:30", 365),
                    arguments(zone, "hourly :30", 365 * 24),
                    arguments(zone, "cron */30 * * * *", 365 * 48),
                    arguments(zone, "cron 30 2 * * *", 365),
                    arguments(zone, "cron 30 1 * * *", 365)));
  }

  @ParameterizedTest(name = "{1} in {0}: {2} fires in 2026")
  @MethodSource
  void fires_once_per_slot_over_a_whole_year(ZoneId zone, String definition, int expected) {
    Timing timing = timing(definition, zone);
    Instant start = LocalDate.of(2026, 1, 1).atStartOfDay(zone).toInstant();
    Instant end = LocalDate.of(2027, 1, 1).atStartOfDay(zone).toInstant();

    List<Instant> fires = Fires.between(timing, start.minusNanos(1), end);

    // The gap's lost hour and the repeated hour cancel out over the year.
    assertThat(fires).hasSize(expected).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void fires_at_both_occurrences_when_the_repeated_period_is_half_an_hour() {
    ZoneId lordHowe = ZoneId.of("Australia/Lord_Howe");
    assertThat(transitionsIn2026(lordHowe))
        .contains("2026-04-05T02:00 overlap to 2026-04-05T01:30");
    Timing quarterTo = Timings.hourly("lord_howe", 45, lordHowe);
    Timing daily = Timings.daily("lord_howe", LocalTime.of(1, 45), lordHowe);
    Instant from = at("2026-04-05T00:00+11:00");

    List<Instant> hourly = Fires.next(quarterTo, from, 3);
    List<Instant> once = Fires.next(daily, from, 2);

    assertThat(hourly)
        .containsExactlyElementsOf(
            at("2026-04-05T00:45+11:00", "2026-04-05T01:45+11:00", "2026-04-05T01:45+10:30"));
    assertThat(once)
        .containsExactlyElementsOf(at("2026-04-05T01:45+11:00", "2026-04-06T01:45+10:30"));
  }

  @Test
  void intervals_keep_absolute_spacing_across_a_transition() {
    Timing halfHourly = Timings.interval("interval", Duration.ofMinutes(30), Instant.EPOCH);

    List<Instant> fires = Fires.next(halfHourly, at("2026-03-08T01:00-05:00"), 4);

    assertThat(fires)
        .containsExactlyElementsOf(
            at(
                "2026-03-08T01:30-05:00",
                "2026-03-08T03:00-04:00",
                "2026-03-08T03:30-04:00",
                "2026-03-08T04:00-04:00"));
  }

  private static Timing timing(String definition, ZoneId zone) {
    String[] words = definition.split(" ", 2);
    return switch (words[0]) {
      case "daily" -> Timings.daily("dst", LocalTime.parse(words[1]), zone);
      case "hourly" -> Timings.hourly("dst", Integer.parseInt(words[1].substring(1)), zone);
      case "cron" -> Timings.cron("dst", words[1], CronFlavor.UNIX, zone);
      default -> throw new IllegalArgumentException(definition);
    };
  }

  private static List<String> transitionsIn2026(ZoneId zone) {
    Instant start = LocalDateTime.of(2026, 1, 1, 0, 0).atZone(zone).toInstant();
    Instant end = LocalDateTime.of(2027, 1, 1, 0, 0).atZone(zone).toInstant();
    ZoneOffsetTransition[] found = new ZoneOffsetTransition[4];
    int count = 0;
    ZoneOffsetTransition transition = zone.getRules().nextTransition(start);
    while (transition != null && transition.getInstant().isBefore(end) && count < found.length) {
      found[count++] = transition;
      transition = zone.getRules().nextTransition(transition.getInstant());
    }
    return Arrays.stream(found, 0, count)
        .map(
            t ->
                t.getDateTimeBefore()
                    + (t.isGap() ? " gap to " : " overlap to ")
                    + t.getDateTimeAfter())
        .toList();
  }
}
