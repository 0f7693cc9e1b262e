package io.pipelinescheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.internal.config.ValueParsers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "PT30S, PT30S",
    "pt30s, PT30S",
    "P30D, PT720H",
    "P1DT2H, PT26H",
    "500ms, PT0.5S",
    "30s, PT30S",
    "5m, PT5M",
    "2h, PT2H",
    "30d, PT720H",
    "30S, PT30S",
    "1h30m, PT1H30M",
    "'1h 30m 15s', PT1H30M15S",
    "'30 s', PT30S",
    "0s, PT0S",
  })
  void durations_accept_iso_8601_and_simple_forms(String text, String expected) {
    assertThat(ValueParsers.parseDuration(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "s", "30x", "1.5h", "-5s", "30s later", "h30", "PT", "5mh"})
  void durations_reject_other_forms(String text) {
    assertThatThrownBy(() -> ValueParsers.parseDuration(text)).isInstanceOf(RuntimeException.class);
  }

  @Test
  void an_environment_duration_reaches_the_config_in_every_form() {
    SchedulerConfig config =
        SchedulerConfig.fromEnvironment(
            Map.of(
                "SCHEDULER_SHUTDOWN_GRACE", "500ms",
                "SCHEDULER_MISFIRE_GRACE", "PT90S",
                "SCHEDULER_HISTORY_RETENTION", "2h"));

    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.misfireGrace()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.historyRetention()).isEqualTo(Duration.ofHours(2));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "65536, 65536",
    "1, 1",
    "10b, 10",
    "64k, 65536",
    "64KB, 65536",
    "64KiB, 65536",
    "'64 kb', 65536",
    "1MB, 1048576",
    "2mib, 2097152",
  })
  void byte_sizes_accept_plain_bytes_and_binary_units(String text, int expected) {
    assertThat(ValueParsers.parseByteSize(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"KB", "1.5MB", "64 GB", "-1", "3000MB", "99999999999"})
  void byte_sizes_reject_other_forms_and_overflow(String text) {
    assertThatThrownBy(() -> ValueParsers.parseByteSize(text)).isInstanceOf(RuntimeException.class);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({"0.5, 0.5", "50%, 0.5", "'25 %', 0.25", "1, 1.0", "0, 0.0"})
  void fractions_accept_decimals_and_percentages(String text, double expected) {
    assertThat(ValueParsers.parseFraction(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "", "tru", "yess", "2"})
  void booleans_reject_other_words(String text) {
    assertThatThrownBy(() -> ValueParsers.parseBoolean(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
