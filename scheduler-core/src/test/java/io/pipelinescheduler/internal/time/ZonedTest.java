package io.pipelinescheduler.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ZonedTest {
  static List<ZoneId> zones() {
    return List.of(
        ZoneOffset.UTC,
        ZoneOffset.ofHoursMinutes(5, 30),
        ZoneOffset.ofHours(-8),
        ZoneId.of("UTC"),
        ZoneId.of("Europe/Berlin"),
        ZoneId.of("America/New_York"));
  }

  @ParameterizedTest
  @MethodSource("zones")
  void gives_what_instant_at_zone_gives_in_every_zone(ZoneId zone) {
    for (Instant instant :
        List.of(
            Instant.parse("2026-03-29T01:00:00Z"), // Berlin's clocks go forward
            Instant.parse("2026-11-01T05:59:59.999999999Z"), // New York's go back
            Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.EPOCH,
            TimeLimits.LATEST)) {
      ZonedDateTime zoned = Zoned.at(instant, zone);

      assertThat(zoned).isEqualTo(instant.atZone(zone));
      assertThat(zoned.toString()).isEqualTo(instant.atZone(zone).toString());
    }
  }

  @ParameterizedTest
  @MethodSource("zones")
  void writes_the_text_that_zoned_date_time_gives(ZoneId zone) {
    Random random = new Random(20261207);
    List<Instant> instants = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long second = random.nextLong(-70_000_000_000L, 300_000_000_000L); // years -248 to 11476
      int nano =
          switch (i % 5) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            case 3 -> random.nextInt(1_000_000_000);
            default -> random.nextInt(10) == 0 ? 1 : 0;
          };
      instants.add(Instant.ofEpochSecond(i % 7 == 0 ? second - second % 60 : second, nano));
    }
    instants.addAll(
        List.of(
            Instant.parse("0999-12-31T23:59:59Z"),
            Instant.parse("1000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.EPOCH,
            TimeLimits.LATEST));

    for (Instant instant : instants) {
      assertThat(Zoned.appendTo(new StringBuilder("at "), instant, zone).toString())
          .isEqualTo("at " + instant.atZone(zone));
    }
  }

  @ParameterizedTest
  @MethodSource("zones")
  void an_instant_beyond_the_calendar_fails_as_instant_at_zone_does(ZoneId zone) {
    assertThatThrownBy(() -> Instant.MAX.atZone(zone)).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Zoned.at(Instant.MAX, zone)).isInstanceOf(DateTimeException.class);
  }
}
