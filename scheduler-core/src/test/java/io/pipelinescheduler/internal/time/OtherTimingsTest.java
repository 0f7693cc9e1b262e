package io.pipelinescheduler.internal.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ScheduleType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Interval, once, manual and bounded timings. */
class OtherTimingsTest {
  private static final Instant START = Instant.parse("2026-01-10T00:00:00Z");

  @Test
  void an_interval_from_the_epoch_fires_on_the_hour_and_half_hour_utc() {
    Timing timing = Timings.interval("every_30", Duration.ofMinutes(30), Instant.EPOCH);

    List<Instant> fires = Fires.next(timing, Instant.parse("2026-01-01T10:07:13Z"), 3);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants("2026-01-01T10:30:00Z", "2026-01-01T11:00:00Z", "2026-01-01T11:30:00Z"));
    assertThat(timing.nextAfter(Instant.parse("2026-01-01T10:29:59.999999999Z")))
        .contains(Instant.parse("2026-01-01T10:30:00Z"));
    assertThat(timing.type()).isEqualTo(ScheduleType.INTERVAL);
    assertThat(timing.spec()).isEqualTo("PT30M");
    assertThat(timing.description()).isEqualTo("every 30 minutes");
    assertThat(timing.period()).isEqualTo(Duration.ofMinutes(30));
    assertThat(timing.zone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void an_interval_anchored_at_start_at_fires_first_at_start_at_then_every_interval() {
    Instant startAt = Instant.parse("2026-01-01T10:07:13Z");
    Timing timing = Timings.interval("every_30", Duration.ofMinutes(30), startAt);

    List<Instant> fires = Fires.next(timing, Instant.parse("2025-12-31T00:00:00Z"), 3);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants("2026-01-01T10:07:13Z", "2026-01-01T10:37:13Z", "2026-01-01T11:07:13Z"));
    assertThat(timing.nextAfter(Instant.parse("2026-03-01T00:00:00Z")))
        .contains(Instant.parse("2026-03-01T00:07:13Z"));
  }

  /** Either side of the most nanoseconds a long holds from the epoch (2262-04-11T23:47:16Z). */
  @ParameterizedTest(name = "after {0}")
  @ValueSource(
      strings = {
        "2026-03-09T08:00:00.000000001Z",
        "2262-04-11T23:47:16.854775806Z",
        "2262-04-11T23:47:16.854775807Z",
        "2262-04-11T23:47:16.854775808Z",
        "9999-12-31T00:00:00Z"
      })
  void an_intervals_next_slot_is_the_first_whole_number_of_intervals_from_the_anchor_after_it(
      String afterText) {
    Duration every = Duration.ofHours(7).plusNanos(3);
    Timing timing = Timings.interval("every_7h", every, Instant.EPOCH);
    Instant after = Instant.parse(afterText);

    Instant next = timing.nextAfter(after).orElseThrow();

    BigInteger sinceAnchor =
        BigInteger.valueOf(next.getEpochSecond())
            .multiply(BigInteger.valueOf(1_000_000_000))
            .add(BigInteger.valueOf(next.getNano()));
    assertThat(sinceAnchor.mod(BigInteger.valueOf(every.toNanos()))).isZero();
    assertThat(next).isAfter(after);
    assertThat(next.minus(every)).isBeforeOrEqualTo(after);
  }

  @Test
  void every_interval_shows_its_own_texts_beyond_the_number_whose_texts_are_kept() {
    for (int round = 0; round < 2; round++) { // the second round reads the texts kept
      for (int seconds = 1; seconds <= 400; seconds++) {
        Duration every = Duration.ofSeconds(seconds);
        Timing timing = Timings.interval("s" + seconds, every, Instant.EPOCH);

        assertThat(timing.spec()).isEqualTo(every.toString());
        assertThat(timing.description()).isEqualTo("every " + IntervalTiming.describe(every));
      }
    }
    assertThat(Timings.interval("m", Duration.ofSeconds(90), Instant.EPOCH).description())
        .isEqualTo("every 1 minute and 30 seconds");
  }

  @ParameterizedTest(name = "{0}h {1}m {2}s is {3}, \"{4}\"")
  @CsvSource({
    "1, 30, 0, PT1H30M, every 1 hour and 30 minutes",
    "1, 0, 0, PT1H, every hour",
    "0, 0, 90, PT1M30S, every 1 minute and 30 seconds",
    "36, 0, 5, PT36H5S, every 36 hours and 5 seconds",
    "2, 5, 1, PT2H5M1S, 'every 2 hours, 5 minutes and 1 second'"
  })
  void an_interval_of_parts_adds_them_up(
      long hours, long minutes, long seconds, Duration every, String description) {
    Timing timing = Timings.interval("parts", hours, minutes, seconds, Instant.EPOCH);

    assertThat(timing.period()).isEqualTo(every);
    assertThat(timing.spec()).isEqualTo(every.toString());
    assertThat(timing.description()).isEqualTo(description);
  }

  @Test
  void an_interval_has_no_fire_beyond_the_end_of_time() {
    Timing timing = Timings.interval("forever", Duration.ofDays(365), Instant.EPOCH);

    assertThat(timing.nextAfter(Instant.MAX.minusSeconds(1))).isEmpty();
  }

  @Test
  void once_fires_only_at_its_instant() {
    Instant at = Instant.parse("2026-03-08T07:30:00Z");
    Timing timing = Timings.once("invoice-42", at);

    assertThat(timing.nextAfter(at.minusNanos(1))).contains(at);
    assertThat(timing.nextAfter(at)).isEmpty();
    assertThat(timing.nextAfter(at.plusSeconds(1))).isEmpty();
    assertThat(timing.type()).isEqualTo(ScheduleType.ONCE);
    assertThat(timing.spec()).isEqualTo("2026-03-08T07:30:00Z");
    assertThat(timing.description()).isEqualTo("once at 2026-03-08T07:30Z");
    assertThat(timing.period()).isEqualTo(Duration.ZERO);
  }

  @Test
  void manual_never_fires_by_itself() {
    Timing timing = Timings.manual();

    assertThat(timing.nextAfter(Instant.EPOCH)).isEmpty();
    assertThat(timing.nextAfter(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    assertThat(timing.type()).isEqualTo(ScheduleType.MANUAL);
    assertThat(timing.spec()).isEqualTo("manual");
    assertThat(timing.period()).isEqualTo(Duration.ZERO);
    assertThat(Timings.manual(ZoneId.of("Europe/Paris")).zone())
        .isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void bounded_fires_only_between_start_at_and_end_at_inclusive() {
    Timing daily = Timings.daily("bounded", LocalTime.of(9, 0), ZoneOffset.UTC);
    Instant endAt = Instant.parse("2026-01-12T09:00:00Z");
    Timing timing = Timings.bounded("bounded", daily, START, endAt);

    List<Instant> fires = Fires.next(timing, Instant.parse("2026-01-01T00:00:00Z"), 10);

    assertThat(fires)
        .containsExactlyElementsOf(
            instants("2026-01-10T09:00:00Z", "2026-01-11T09:00:00Z", "2026-01-12T09:00:00Z"));
    assertThat(timing.type()).isEqualTo(ScheduleType.DAILY);
    assertThat(timing.spec()).isEqualTo("09:00");
    assertThat(timing.description())
        .isEqualTo("every day at 09:00, from 2026-01-10T00:00Z, until 2026-01-12T09:00Z");
    assertThat(timing.period()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void bounded_includes_a_fire_exactly_at_start_at() {
    Timing interval = Timings.interval("bounded", Duration.ofHours(1), START);

    Timing timing = Timings.bounded("bounded", interval, START, null);

    assertThat(timing.nextAfter(Instant.EPOCH)).contains(START);
    assertThat(timing.nextAfter(START)).contains(START.plusSeconds(3600));
  }

  @Test
  void bounded_by_end_at_alone_stops_after_it() {
    Timing interval = Timings.interval("bounded", Duration.ofHours(1), Instant.EPOCH);
    Timing timing = Timings.bounded("bounded", interval, null, START.plusSeconds(3600));

    assertThat(Fires.next(timing, START.minusSeconds(1), 5))
        .containsExactly(START, START.plusSeconds(3600));
  }

  @Test
  void bounded_with_no_bounds_is_the_timing_itself() {
    Timing daily = Timings.daily("bounded", LocalTime.NOON, ZoneOffset.UTC);

    assertThat(Timings.bounded("bounded", daily, null, null)).isSameAs(daily);
  }

  @Test
  void bounded_accepts_start_at_equal_to_end_at() {
    Timing timing = Timings.bounded("bounded", Timings.once("bounded", START), START, START);

    assertThat(timing.nextAfter(Instant.EPOCH)).contains(START);
  }

  @Test
  void zone_parses_a_region_or_an_offset() {
    assertThat(Timings.zone("z", "Europe/Paris")).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(Timings.zone("z", "+02:00")).isEqualTo(ZoneOffset.ofHours(2));
  }

  private static List<Instant> instants(String... texts) {
    return java.util.Arrays.stream(texts).map(Instant::parse).toList();
  }
}
