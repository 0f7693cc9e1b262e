package io.pipelinescheduler.internal.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ScheduleType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixedTimeTimingsTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final LocalTime NINE = LocalTime.of(9, 0);

  @Test
  void daily_fires_every_day_at_its_wall_clock_time() {
    Timing timing = Timings.daily("daily", 9, 0, ZoneId.of("Europe/Paris"));

    List<Instant> fires = Fires.next(timing, Instant.parse("2026-01-01T08:00:00Z"), 3);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants("2026-01-02T08:00:00Z", "2026-01-03T08:00:00Z", "2026-01-04T08:00:00Z"));
    assertThat(timing.type()).isEqualTo(ScheduleType.DAILY);
    assertThat(timing.spec()).isEqualTo("09:00");
    assertThat(timing.description()).isEqualTo("every day at 09:00");
    assertThat(timing.period()).isEqualTo(Duration.ofDays(1));
    assertThat(timing.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void daily_fires_later_the_same_day_when_its_time_has_not_come() {
    Timing timing = Timings.daily("daily", LocalTime.of(17, 45, 30), UTC);

    assertThat(timing.nextAfter(Instant.parse("2026-01-01T17:45:29.999Z")))
        .contains(Instant.parse("2026-01-01T17:45:30Z"));
    assertThat(timing.spec()).isEqualTo("17:45:30");
  }

  @Test
  void hourly_fires_every_hour_at_its_minute() {
    Timing timing = Timings.hourly("hourly", 15, UTC);

    List<Instant> fires = Fires.next(timing, Instant.parse("2026-01-01T10:15:00Z"), 3);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants("2026-01-01T11:15:00Z", "2026-01-01T12:15:00Z", "2026-01-01T13:15:00Z"));
    assertThat(timing.type()).isEqualTo(ScheduleType.HOURLY);
    assertThat(timing.spec()).isEqualTo(":15");
    assertThat(timing.description()).isEqualTo("every hour at minute 15");
    assertThat(timing.period()).isEqualTo(Duration.ofHours(1));
    assertThat(Timings.hourly("hourly", 5, UTC).spec()).isEqualTo(":05");
  }

  @Test
  void weekly_fires_on_its_weekday() {
    Timing timing = Timings.weekly("weekly", DayOfWeek.MONDAY, NINE, UTC);

    // 2026-01-05 is a Monday.
    List<Instant> fires = Fires.next(timing, Instant.parse("2026-01-05T09:00:00Z"), 2);

    assertThat(fires)
        .containsExactlyElementsOf(instants("2026-01-12T09:00:00Z", "2026-01-19T09:00:00Z"));
    assertThat(timing.nextAfter(Instant.parse("2026-01-05T08:59:00Z")))
        .contains(Instant.parse("2026-01-05T09:00:00Z"));
    assertThat(timing.type()).isEqualTo(ScheduleType.WEEKLY);
    assertThat(timing.spec()).isEqualTo("MONDAY 09:00");
    assertThat(timing.description()).isEqualTo("every Monday at 09:00");
    assertThat(timing.period()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void monthly_on_day_31_fires_on_the_last_day_of_shorter_months() {
    Timing timing = Timings.monthly("monthly", 31, NINE, UTC);

    List<Instant> fires = Fires.next(timing, Instant.parse("2026-01-01T00:00:00Z"), 5);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants(
                "2026-01-31T09:00:00Z",
                "2026-02-28T09:00:00Z",
                "2026-03-31T09:00:00Z",
                "2026-04-30T09:00:00Z",
                "2026-05-31T09:00:00Z"));
    assertThat(timing.type()).isEqualTo(ScheduleType.MONTHLY);
    assertThat(timing.spec()).isEqualTo("day 31 at 09:00");
    assertThat(timing.description())
        .isEqualTo("every month on day 31 at 09:00 (the last day of shorter months)");
    assertThat(timing.period()).isEqualTo(Duration.ofDays(31));
  }

  @Test
  void monthly_on_day_30_fires_on_the_29th_of_february_in_a_leap_year() {
    Timing timing = Timings.monthly("monthly", 30, NINE, UTC);

    List<Instant> fires = Fires.next(timing, Instant.parse("2028-01-30T09:00:00Z"), 2);

    assertThat(fires)
        .containsExactlyElementsOf(instants("2028-02-29T09:00:00Z", "2028-03-30T09:00:00Z"));
  }

  @Test
  void every_three_months_counts_from_the_month_of_its_anchor() {
    Instant anchor = Instant.parse("2026-01-20T12:00:00Z");
    Timing timing = Timings.everyMonths("quarterly", 3, 15, NINE, UTC, anchor);

    List<Instant> fires = Fires.next(timing, anchor, 4);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants(
                "2026-04-15T09:00:00Z",
                "2026-07-15T09:00:00Z",
                "2026-10-15T09:00:00Z",
                "2027-01-15T09:00:00Z"));
    assertThat(timing.type()).isEqualTo(ScheduleType.EVERY_N_MONTHS);
    assertThat(timing.spec()).isEqualTo("every 3 months on day 15 at 09:00");
    assertThat(timing.description())
        .isEqualTo("every 3 months on day 15 at 09:00, counting from 2026-01");
    assertThat(timing.period()).isEqualTo(Duration.ofDays(93));
  }

  @Test
  void every_n_months_never_fires_before_the_month_of_its_anchor() {
    Timing timing =
        Timings.everyMonths("quarterly", 3, 15, NINE, UTC, Instant.parse("2026-01-20T12:00:00Z"));

    assertThat(timing.nextAfter(Instant.parse("2025-06-01T00:00:00Z")))
        .contains(Instant.parse("2026-01-15T09:00:00Z"));
  }

  @Test
  void every_n_months_fires_on_the_last_day_of_shorter_months() {
    Timing timing =
        Timings.everyMonths(
            "twice_a_year", 6, 31, NINE, UTC, Instant.parse("2026-02-01T00:00:00Z"));

    List<Instant> fires = Fires.next(timing, Instant.parse("2026-02-01T00:00:00Z"), 3);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants("2026-02-28T09:00:00Z", "2026-08-31T09:00:00Z", "2027-02-28T09:00:00Z"));
  }

  @Test
  void every_n_months_reads_the_anchor_month_in_its_zone() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    // 2026-01-31T23:00Z is already 1 February in Tokyo.
    Timing timing =
        Timings.everyMonths("tokyo", 2, 1, NINE, tokyo, Instant.parse("2026-01-31T23:00:00Z"));

    List<Instant> fires = Fires.next(timing, Instant.parse("2026-01-01T00:00:00Z"), 2);

    assertThat(fires)
        .containsExactlyElementsOf(instants("2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
    "09:00, Europe/London, 2026-06-01T08:00:00Z",
    "09:00, Asia/Kolkata, 2026-06-01T03:30:00Z",
    "09:00, America/Los_Angeles, 2026-06-01T16:00:00Z"
  })
  void reads_its_time_on_the_wall_clock_of_its_zone(LocalTime at, ZoneId zone, Instant expected) {
    Timing timing = Timings.daily("zoned", at, zone);

    assertThat(timing.nextAfter(Instant.parse("2026-05-31T18:00:00Z"))).contains(expected);
  }

  private static List<Instant> instants(String... texts) {
    return java.util.Arrays.stream(texts).map(Instant::parse).toList();
  }
}
