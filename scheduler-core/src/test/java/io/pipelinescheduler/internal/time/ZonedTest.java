package io.pipelinescheduler.internal.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
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
  void an_instant_beyond_the_calendar_fails_as_instant_at_zone_does(ZoneId zone) {
    assertThatThrownBy(() -> Instant.MAX.atZone(zone)).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Zoned.at(Instant.MAX, zone)).isInstanceOf(DateTimeException.class);
  }
}
