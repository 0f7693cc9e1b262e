package io.pipelinescheduler.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The readable columns of a data-defined schedule: written, read back, edited, refused. */
class ScheduleColumnsTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static ScheduleColumns columns(
      String type, String spec, String time, String command, String jobType) {
    return new ScheduleColumns(type, spec, time, null, null, command, null, jobType);
  }

  @Test
  void a_row_with_five_columns_reads_as_a_definition_with_the_rest_left_to_defaults() {
    ScheduleColumns.Read read =
        ScheduleColumns.read(
            "export", columns("daily", null, "9:00", "/opt/export.sh", null), null, UTC);

    assertThat(read.type()).isEqualTo(ScheduleType.DAILY);
    assertThat(read.spec()).isEqualTo("09:00");
    assertThat(read.zone()).isEqualTo(UTC);
    assertThat(read.definition())
        .isEqualTo(
            Map.of(
                "timing", Map.of("kind", "daily", "at", "09:00"),
                "job",
                    Map.of(
                        "kind", "command", "program", "/opt/export.sh", "arguments", List.of())));
  }

  @Test
  void what_the_scheduler_writes_reads_back_as_the_same_definition_object() {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put(
        "timing", Map.of("kind", "everyMonths", "months", 6, "dayOfMonth", 1, "at", "09:00"));
    definition.put("zone", "Europe/Berlin");
    definition.put("startAt", "2026-12-31T23:00:00Z");
    definition.put("notify", Map.of("to", List.of("ops@example.com")));
    definition.put(
        "job", Map.of("kind", "command", "program", "/opt/x.sh", "arguments", List.of("a b", "c")));
    StoredSchedule stored =
        new StoredSchedule(
            "audit",
            ScheduleType.EVERY_N_MONTHS,
            "every 6 months on day 1 at 09:00",
            ZoneId.of("Europe/Berlin"),
            true,
            null,
            null,
            null,
            definition,
            0);

    ScheduleColumns written = ScheduleColumns.of(stored);

    assertThat(written)
        .isEqualTo(
            new ScheduleColumns(
                "EVERY_N_MONTHS",
                "every 6 months on day 1 at 09:00",
                "09:00",
                "2027-01-01",
                "Europe/Berlin",
                "/opt/x.sh",
                "[\"a b\", \"c\"]",
                null));
    assertThat(ScheduleColumns.read("audit", written, definition, UTC).definition())
        .isSameAs(definition);
  }

  @Test
  void an_edited_column_wins_over_the_json_and_keeps_what_no_column_holds() {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("timing", Map.of("kind", "weekly", "day", "MONDAY", "at", "09:00"));
    definition.put("maxRetries", 3);
    definition.put("job", Map.of("kind", "jobType", "jobType", "report", "params", Map.of("a", 1)));
    ScheduleColumns edited =
        new ScheduleColumns(
            "WEEKLY", "MONDAY 09:00", "07:15", "2027-01-01", "Z", null, null, "report");

    Map<String, Object> read = ScheduleColumns.read("w", edited, definition, UTC).definition();

    assertThat(read.get("timing"))
        .isEqualTo(Map.of("kind", "weekly", "day", "MONDAY", "at", "07:15"));
    assertThat(read.get("startAt")).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(read.get("maxRetries")).isEqualTo(3);
    assertThat(read.get("job")).isEqualTo(definition.get("job"));
  }

  @Test
  void every_type_reads_its_short_spec() {
    assertThat(spec("WEEKLY", "fri", "08:00")).isEqualTo("FRIDAY 08:00");
    assertThat(spec("MONTHLY", "15", "08:00")).isEqualTo("day 15 at 08:00");
    assertThat(spec("EVERY_MONTHS", "6 1", "09:00")).isEqualTo("every 6 months on day 1 at 09:00");
    assertThat(spec("EVERY_N_MONTHS", "every 6 months on day 1 at 09:00", null))
        .isEqualTo("every 6 months on day 1 at 09:00");
    assertThat(spec("HOURLY", "5", null)).isEqualTo(":05");
    assertThat(spec("INTERVAL", "pt15m", null)).isEqualTo("PT15M");
    assertThat(spec("CRON", "0  9 * * MON-FRI", null)).isEqualTo("0 9 * * MON-FRI");
    assertThat(spec("ONCE", "2027-01-01T09:00:00Z", null)).isEqualTo("2027-01-01T09:00:00Z");
    assertThat(spec("MANUAL", null, null)).isEqualTo("manual");
  }

  @Test
  void an_after_row_lists_its_upstream_names() {
    ScheduleColumns.Read read =
        ScheduleColumns.read(
            "load", columns("after", "extract ,transform", null, null, "t"), null, UTC);

    assertThat(read.type()).isEqualTo(ScheduleType.AFTER);
    assertThat(read.spec()).isEqualTo("extract, transform");
    assertThat(read.definition().get("timing"))
        .isEqualTo(Map.of("kind", "after", "after", List.of("extract", "transform")));
    assertThatThrownBy(() -> spec("AFTER", null, null))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("column spec is empty; expected the upstream schedule names");
  }

  private static String spec(String type, String spec, String time) {
    return ScheduleColumns.read("s", columns(type, spec, time, null, "report"), null, UTC).spec();
  }

  @Test
  void a_column_that_cannot_be_read_is_refused_naming_the_column_and_its_value() {
    assertThatThrownBy(() -> spec("DAILY", null, "nine"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("time_of_day is 'nine'");
    assertThatThrownBy(() -> spec("FORTNIGHTLY", null, "09:00"))
        .hasMessageContaining("schedule_type is 'FORTNIGHTLY'");
    assertThatThrownBy(() -> spec("WEEKLY", "someday", "09:00"))
        .hasMessageContaining("spec is 'someday'");
    assertThatThrownBy(() -> spec("MONTHLY", "1", null)).hasMessageContaining("needs a time");
    assertThatThrownBy(
            () -> ScheduleColumns.read("s", columns("DAILY", "09:00", null, null, null), null, UTC))
        .hasMessageContaining("has no job");
    assertThatThrownBy(
            () ->
                ScheduleColumns.read(
                    "s", columns("DAILY", "09:00", null, "/x", "report"), null, UTC))
        .hasMessageContaining("both command '/x' and job_type 'report'");
  }

  @Test
  void an_unusable_marker_carries_its_reason() {
    assertThat(ScheduleColumns.unusableReason(ScheduleColumns.unusable("bad"))).isEqualTo("bad");
    assertThat(ScheduleColumns.unusableReason(Map.of("timing", Map.of()))).isNull();
    assertThat(ScheduleColumns.unusableReason(null)).isNull();
  }
}
