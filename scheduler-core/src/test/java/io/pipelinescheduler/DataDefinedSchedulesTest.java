package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDefinedSchedulesTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final List<Object> invoices = new CopyOnWriteArrayList<>();

  @TempDir Path dir;

  @AfterEach
  void close() {
    scheduler.close();
  }

  @Test
  void export_lists_only_schedules_whose_job_is_data_and_import_brings_them_back()
      throws Exception {
    scheduler.registerJobType("send-invoice", (context, params) -> invoices.add(params.get("id")));
    scheduler
        .schedule("invoice-42")
        .cron("30 9 * * *")
        .timezone(ZoneId.of("Europe/Berlin"))
        .retries(2, Duration.ofSeconds(30))
        .run("send-invoice", Map.of("id", 42));
    Path marker = dir.resolve("touched");
    scheduler
        .schedule("touch")
        .every(Duration.ofHours(1))
        .run(
            Pipeline.named("touching")
                .step("touch", CommandJob.of("touch", marker.toString()))
                .continueOnFailure()
                .step("list", CommandJob.of("ls", dir.toString()).expectedExitCodes(0, 2)));
    scheduler.scheduleInterval("code", context -> {}, Duration.ofHours(1));

    String json = scheduler.exportSchedules();
    scheduler.clear();
    List<ScheduleInfo> imported = scheduler.importSchedules(json);
    clock.advance(Duration.ofDays(1));

    assertThat(imported).extracting(ScheduleInfo::name).containsExactly("invoice-42", "touch");
    assertThat(json).doesNotContain("\"code\"");
    assertThat(invoices).containsExactly(42);
    assertThat(Files.exists(marker)).isTrue();
    ScheduleInfo invoice = scheduler.getSchedule("invoice-42").orElseThrow();
    assertThat(invoice.timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(invoice.spec()).isEqualTo("30 9 * * *");
    assertThat(scheduler.exportSchedules()).isEqualTo(json);
  }

  @Test
  void an_exported_timing_holds_its_instants_durations_and_times_as_iso_text() {
    scheduler.registerJobType("noop", (context, params) -> {});
    scheduler.schedule("every").every(Duration.ofMinutes(90)).run("noop", Map.of());
    scheduler.schedule("once").once(Instant.parse("2026-04-01T10:15:30Z")).run("noop", Map.of());
    scheduler.schedule("weekly").weekly(DayOfWeek.MONDAY, LocalTime.of(7, 5)).run("noop", Map.of());

    String json = scheduler.exportSchedules().replaceAll("\\s", "");

    assertThat(json)
        .contains(
            "{\"kind\":\"every\",\"every\":\"PT1H30M\"}",
            "{\"kind\":\"once\",\"at\":\"2026-04-01T10:15:30Z\"}",
            "{\"kind\":\"weekly\",\"day\":\"MONDAY\",\"at\":\"07:05\"}");
  }

  @Test
  void an_import_with_one_invalid_entry_registers_nothing_and_names_the_field() {
    String json =
        """
        [ {"name": "good", "definition": {"timing": {"kind": "manual"}, "maxRetries": 0,
             "firstRetryDelay": "PT0S", "overlap": "QUEUE", "misfire": "FIRE_ONCE",
             "job": {"kind": "jobType", "jobType": "t", "params": {}}}},
          {"name": "bad", "definition": {"timing": {"kind": "cron", "expression": "0 24 * * *",
             "flavor": "UNIX"}, "maxRetries": 0, "firstRetryDelay": "PT0S", "overlap": "QUEUE",
             "misfire": "FIRE_ONCE", "job": {"kind": "jobType", "jobType": "t", "params": {}}}} ]
        """;

    assertThatThrownBy(() -> scheduler.importSchedules(json))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'bad'")
        .hasMessageContaining("24");
    assertThat(scheduler.listSchedules()).isEmpty();
  }

  @Test
  void malformed_json_names_the_line_and_column() {
    assertThatThrownBy(() -> scheduler.importSchedules("[ {\"name\": \n oops } ]"))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void a_missing_field_in_a_definition_is_named() {
    String json = "[{\"name\": \"x\", \"definition\": {\"timing\": {\"kind\": \"daily\"}}}]";

    assertThatThrownBy(() -> scheduler.importSchedules(json))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'x'")
        .hasMessageContaining("'timing.at'");
  }

  @Test
  void a_once_job_type_created_at_runtime_runs_at_its_instant() {
    scheduler.registerJobType("send-invoice", (context, params) -> invoices.add(params.get("id")));

    scheduler
        .schedule("invoice-7")
        .once(Instant.parse("2026-03-09T08:30:00Z"))
        .run("send-invoice", Map.of("id", 7));
    clock.advance(Duration.ofHours(1));

    assertThat(invoices).containsExactly(7);
  }
}
