package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 7: {@code importSchedules} reads JSON by the rules of the REST API (unknown fields,
 * duplicate names and keys, numbers out of range and deep nesting are refused, naming what is
 * wrong) and a failed import registers and stores nothing.
 */
class StrictImportTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);

  @AfterEach
  void close() {
    scheduler.close();
  }

  private static String entry(String name, String definitionFields) {
    return "{\"name\": \""
        + name
        + "\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
        + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\"}"
        + definitionFields
        + "}}";
  }

  private void assertNothingRegistered() {
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void json_nested_100000_deep_is_refused_with_a_clear_error_and_stores_nothing() {
    String params = "{\"a\": ".repeat(100_000) + "1" + "}".repeat(100_000);
    String deepObjects =
        "[{\"name\": \"deep\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
            + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\", \"params\": "
            + params
            + "}}}]";
    String deepArrays = "[".repeat(100_000) + "]".repeat(100_000);

    assertThatThrownBy(() -> scheduler.importSchedules(deepObjects))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessageContaining("importing schedules")
        .hasMessageContaining("nested deeper than 100 levels");
    assertThatThrownBy(() -> scheduler.importSchedules(deepArrays))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessageContaining("importing schedules: not a JSON array of schedules at line 1");
    assertNothingRegistered();
  }

  @Test
  void a_number_of_two_thousand_digits_is_refused_by_the_reader_with_its_own_reason() {
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[" + entry("long", ", \"maxRetries\": " + "9".repeat(2000)) + "]"))
        .isExactlyInstanceOf(SchedulerException.class)
        .hasMessageContaining("importing schedules")
        .hasMessageContaining("Number value length")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("nested"));
    assertNothingRegistered();
  }

  @Test
  void params_nested_within_the_limit_are_accepted() {
    String params = "{\"a\": ".repeat(90) + "1" + "}".repeat(90);
    String json =
        "[{\"name\": \"deep-params\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
            + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\", \"params\": "
            + params
            + "}}}]";

    assertThat(scheduler.importSchedules(json)).hasSize(1);
  }

  @Test
  void fields_left_out_get_the_builders_defaults_as_over_http() {
    ScheduleInfo info = scheduler.importSchedules("[" + entry("minimal", "") + "]").get(0);

    assertThat(info.type()).isEqualTo(ScheduleType.MANUAL);
    assertThat(scheduler.exportSchedules())
        .contains("\"maxRetries\" : 0")
        .contains("\"overlap\" : \"QUEUE\"")
        .contains("\"misfire\" : \"FIRE_ONCE\"");
  }

  @Test
  void an_unknown_field_anywhere_is_refused_naming_the_schedule_and_the_field() {
    assertThatThrownBy(() -> scheduler.importSchedules("[" + entry("a", ", \"maxRetry\": 3") + "]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'a'")
        .hasMessageContaining("unknown field 'maxRetry'");
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[{\"name\": \"b\", \"definition\": {\"timing\": {\"kind\": \"daily\","
                        + " \"at\": \"09:00\", \"zone\": \"UTC\"}, \"job\": {\"kind\": \"jobType\","
                        + " \"jobType\": \"t\"}}}]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("unknown field 'timing.zone'");
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[{\"name\": \"c\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
                        + " \"job\": {\"kind\": \"pipeline\", \"name\": \"p\", \"steps\": [{\"name\":"
                        + " \"s\", \"job\": {\"program\": \"true\", \"argv\": []}}]}}}]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("unknown field 'job.steps[0].job.argv'");
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[{\"name\": \"d\", \"enabled\": false, \"definition\": {\"timing\":"
                        + " {\"kind\": \"manual\"}, \"job\": {\"kind\": \"jobType\", \"jobType\":"
                        + " \"t\"}}}]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'd'")
        .hasMessageContaining("unknown field 'enabled'");
    assertNothingRegistered();
  }

  @Test
  void the_same_name_twice_in_one_import_is_refused_naming_it_and_stores_nothing() {
    String json = "[" + entry("first", "") + ", " + entry("twice", "") + ", " + entry("twice", "");

    assertThatThrownBy(() -> scheduler.importSchedules(json + "]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'twice'")
        .hasMessageContaining("more than once");
    assertNothingRegistered();
  }

  @Test
  void a_key_twice_in_one_object_is_refused_naming_it() {
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[" + entry("k", ", \"maxRetries\": 1, \"maxRetries\": 2") + "]"))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("maxRetries");
    assertNothingRegistered();
  }

  @Test
  void a_number_out_of_range_is_refused_naming_the_field_and_the_value() {
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[" + entry("huge", ", \"maxRetries\": 99999999999999999999") + "]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'huge'")
        .hasMessageContaining("'maxRetries'")
        .hasMessageContaining("99999999999999999999");
    assertThatThrownBy(
            () -> scheduler.importSchedules("[" + entry("many", ", \"maxRetries\": 4096") + "]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("4096");
    assertThatThrownBy(
            () -> scheduler.importSchedules("[" + entry("half", ", \"maxRetries\": 1.5") + "]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'maxRetries'")
        .hasMessageContaining("1.5");
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[{\"name\": \"m\", \"definition\": {\"timing\": {\"kind\": \"hourly\","
                        + " \"minute\": 4294967301}, \"job\": {\"kind\": \"jobType\","
                        + " \"jobType\": \"t\"}}}]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'timing.minute'")
        .hasMessageContaining("4294967301");
    assertNothingRegistered();
  }

  @Test
  void a_bad_exit_code_list_names_the_field_instead_of_failing_with_a_class_cast() {
    assertThatThrownBy(
            () ->
                scheduler.importSchedules(
                    "[{\"name\": \"cmd\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
                        + " \"job\": {\"kind\": \"command\", \"program\": \"true\","
                        + " \"expectedExitCodes\": [\"zero\"]}}}]"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'job.expectedExitCodes'")
        .hasMessageContaining("zero");
  }

  @Test
  void trailing_text_after_the_array_is_refused() {
    assertThatThrownBy(() -> scheduler.importSchedules("[" + entry("t", "") + "] []"))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("importing schedules");
    assertNothingRegistered();
  }
}
