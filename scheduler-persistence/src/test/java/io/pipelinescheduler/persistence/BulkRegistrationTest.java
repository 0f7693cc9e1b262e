package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16 item 3 on a real SQLite file and a real PostgreSQL: {@code scheduleAll} stores a whole
 * batch, or nothing when one definition is bad; a schedule stored before keeps its state; {@code
 * importSchedules} goes the same way.
 */
class BulkRegistrationTest {
  private static final Instant NOW = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant AT = NOW.plus(Duration.ofHours(1));

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(NOW);
  private String postgresUrl;

  private SchedulerConfig config(String database) {
    SchedulerConfig.Builder builder =
        SchedulerConfig.builder()
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId("bulk-test")
            .shutdownGrace(Duration.ofSeconds(1))
            .interruptGrace(Duration.ofSeconds(2));
    if (database.equals("sqlite")) {
      return builder.dbPath(directory.resolve("scheduler.db")).build();
    }
    PostgresServer server = PostgresServer.shared();
    if (postgresUrl == null) {
      postgresUrl = server.newSchemaUrl("bulk");
    }
    return builder.dbUrl(postgresUrl).dbUser(server.user()).dbPassword(server.password()).build();
  }

  private List<StoredSchedule> stored(String database) {
    try (JpaScheduleStore store = JpaScheduleStore.open(config(database))) {
      return store.findSchedules();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_batch_of_two_thousand_one_shots_is_stored_and_registered(String database) {
    List<Integer> ids = IntStream.range(0, 2_000).boxed().toList();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config(database))) {
      List<ScheduleInfo> registered =
          scheduler.scheduleAll(
              b ->
                  ids.forEach(
                      id ->
                          b.schedule("invoice-" + id)
                              .once(AT)
                              .run("send-invoice", Map.of("id", id))));

      assertThat(registered).hasSize(2_000);
      assertThat(scheduler.listSchedules()).hasSize(2_000);
    }

    List<StoredSchedule> rows = stored(database);
    assertThat(rows).hasSize(2_000);
    StoredSchedule last =
        rows.stream().filter(r -> r.name().equals("invoice-1999")).findFirst().get();
    assertThat(last.type()).isEqualTo(ScheduleType.ONCE);
    assertThat(last.nextRun()).isEqualTo(AT);
    assertThat(last.enabled()).isTrue();
    assertThat(last.definition().get("job").toString()).contains("send-invoice", "1999");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_batch_with_one_bad_definition_stores_nothing_and_names_the_bad_one(String database) {
    try (PipelineScheduler scheduler = PipelineScheduler.create(config(database))) {
      scheduler.schedule("existing").manual().run("send-invoice", Map.of());

      assertThatThrownBy(
              () ->
                  scheduler.scheduleAll(
                      b -> {
                        for (int id = 0; id < 100; id++) {
                          b.schedule("invoice-" + id)
                              .once(id == 57 ? Instant.parse("+10000-01-01T00:00:00Z") : AT)
                              .run("send-invoice", Map.of("id", id));
                        }
                      }))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("invoice-57")
          .hasMessageContaining("once at")
          .hasMessageContaining("+10000-01-01T00:00:00Z");
      // A value that is not JSON is found when the batch is written: still nothing is stored.
      assertThatThrownBy(
              () ->
                  scheduler.scheduleAll(
                      b -> {
                        b.schedule("invoice-a").once(AT).run("send-invoice", Map.of("id", 1));
                        b.schedule("invoice-b")
                            .once(AT)
                            .run("send-invoice", Map.of("id", new Object()));
                      }))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("invoice-b");

      assertThat(scheduler.listSchedules())
          .extracting(ScheduleInfo::name)
          .containsExactly("existing");
    }
    assertThat(stored(database)).extracting(StoredSchedule::name).containsExactly("existing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_schedule_stored_before_keeps_its_state_and_last_run_when_a_batch_registers_it_again(
      String database) throws Exception {
    ExecutionRecord run;
    try (PipelineScheduler first = PipelineScheduler.create(config(database))) {
      first.schedule("report").every(Duration.ofHours(6)).run("send-invoice", Map.of());
      first.start();
      run = first.runNow("report").get(30, TimeUnit.SECONDS);
      first.disable("report");
    }

    try (PipelineScheduler second = PipelineScheduler.create(config(database))) {
      List<ScheduleInfo> registered =
          second.scheduleAll(
              b -> {
                b.schedule("report")
                    .every(Duration.ofHours(6))
                    .description("again")
                    .run("send-invoice", Map.of());
                b.schedule("new-one").once(AT).run("send-invoice", Map.of());
              });

      assertThat(registered.get(0).enabled()).isFalse();
      assertThat(registered.get(0).description()).isEqualTo("again");
      assertThat(registered.get(0).lastRun().runId()).isEqualTo(run.runId());
      assertThat(registered.get(1).enabled()).isTrue();
    }
    assertThat(stored(database))
        .extracting(StoredSchedule::name, StoredSchedule::enabled)
        .containsExactly(tuple("new-one", true), tuple("report", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void an_import_with_one_bad_entry_stores_nothing(String database) {
    String good =
        "{\"name\": \"good\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
            + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\"}}}";
    String bad =
        "{\"name\": \"bad\", \"definition\": {\"timing\": {\"kind\": \"hourly\", \"minute\": 75},"
            + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"t\"}}}";
    try (PipelineScheduler scheduler = PipelineScheduler.create(config(database))) {
      assertThatThrownBy(() -> scheduler.importSchedules("[" + good + ", " + bad + "]"))
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("'bad'");

      List<ScheduleInfo> imported = scheduler.importSchedules("[" + good + "]");

      assertThat(imported).extracting(ScheduleInfo::name).containsExactly("good");
    }
    assertThat(stored(database)).extracting(StoredSchedule::name).containsExactly("good");
  }

  private static StoredSchedule onceRow(String name, String spec) {
    return new StoredSchedule(
        name, ScheduleType.ONCE, spec, ZoneOffset.UTC, true, NOW, null, AT, null, 0);
  }

  @Test
  void a_batch_postgresql_refuses_midway_leaves_nothing_stored() {
    try (JpaScheduleStore store = JpaScheduleStore.open(config("postgresql"))) {
      StoredSchedule good = onceRow("good", AT.toString());
      // PostgreSQL refuses NUL in text: the write fails at the second row.
      StoredSchedule refused = onceRow("refused", "nul\0");
      StoredSchedule after = onceRow("after", AT.toString());

      assertThatThrownBy(() -> store.saveSchedules(List.of(good, refused, after)))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining("saving 3 schedules");
      assertThat(store.findSchedules()).isEmpty();
    }
  }
}
