package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: how many calls registration makes to the real JPA store on a SQLite file, counted by a
 * wrapper that only counts ({@link CountingStore}). A new schedule costs one call (one
 * transaction), not three; a batch or an import of a thousand costs three calls.
 */
class StoreRoundTripsTest {
  private static final Instant NOW = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant AT = NOW.plus(Duration.ofHours(1));

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(NOW);
  private PipelineScheduler scheduler;
  private CountingStore store;

  @BeforeEach
  void open() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbPath(directory.resolve("scheduler.db"))
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId("counting")
            .build();
    scheduler =
        CountingStoreProvider.around(
            directory.resolve("services"), () -> PipelineScheduler.create(config));
    store = CountingStoreProvider.last();
    scheduler.registerJobType("send-invoice", (context, params) -> {});
    store.reset();
  }

  @AfterEach
  void close() {
    scheduler.close();
  }

  private StoredSchedule stored(String name) {
    return store.findSchedule(name).orElseThrow();
  }

  @Test
  void registering_a_new_schedule_is_one_store_call() {
    ScheduleInfo info =
        scheduler.schedule("invoice-1").once(AT).run("send-invoice", Map.of("id", 1));

    assertThat(store.calls()).isEqualTo(Map.of("mergeSchedule", 1));
    assertThat(info.nextRun().toInstant()).isEqualTo(AT);
    StoredSchedule row = stored("invoice-1");
    assertThat(row.nextRun()).isEqualTo(AT);
    assertThat(row.enabled()).isTrue();
    assertThat(row.anchor()).isEqualTo(NOW);
  }

  @Test
  void registering_a_schedule_stored_before_is_one_store_call_and_keeps_its_stored_state() {
    scheduler.schedule("invoice-1").once(AT).run("send-invoice", Map.of("id", 1));
    scheduler.disable("invoice-1");
    scheduler.close();
    scheduler =
        CountingStoreProvider.around(
            directory.resolve("services"),
            () ->
                PipelineScheduler.create(
                    SchedulerConfig.builder()
                        .dbPath(directory.resolve("scheduler.db"))
                        .clock(clock)
                        .meterRegistry(new SimpleMeterRegistry())
                        .build()));
    store = CountingStoreProvider.last();
    store.reset();

    ScheduleInfo info =
        scheduler.schedule("invoice-1").once(AT).run("send-invoice", Map.of("id", 2));

    assertThat(store.calls()).isEqualTo(Map.of("mergeSchedule", 1));
    assertThat(info.enabled()).isFalse();
    assertThat(stored("invoice-1").enabled()).isFalse();
    assertThat(stored("invoice-1").definition().toString()).contains("id=2");
  }

  @Test
  void a_batch_of_one_is_one_store_call() {
    scheduler.scheduleAll(b -> b.schedule("invoice-1").once(AT).run("send-invoice", Map.of()));

    assertThat(store.calls()).isEqualTo(Map.of("mergeSchedule", 1));
  }

  @Test
  void a_batch_of_a_thousand_new_schedules_is_three_store_calls() {
    List<ScheduleInfo> infos =
        scheduler.scheduleAll(
            b -> {
              for (int i = 0; i < 1_000; i++) {
                b.schedule("invoice-" + i).once(AT.plusSeconds(i)).run("send-invoice", Map.of());
              }
            });

    assertThat(store.calls())
        .isEqualTo(Map.of("findSchedules(names)", 1, "findLatestRuns", 1, "saveSchedules", 1));
    assertThat(infos).hasSize(1_000);
    assertThat(infos.get(999).nextRun().toInstant()).isEqualTo(AT.plusSeconds(999));
    assertThat(scheduler.listSchedules()).hasSize(1_000);
  }

  @Test
  void an_import_of_a_thousand_schedules_is_three_store_calls() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 1_000; i++) {
      json.append(i == 0 ? "" : ", ")
          .append("{\"name\": \"imported-")
          .append(i)
          .append("\", \"definition\": {\"timing\": {\"kind\": \"manual\"},")
          .append(" \"job\": {\"kind\": \"jobType\", \"jobType\": \"send-invoice\"}}}");
    }

    List<ScheduleInfo> imported = scheduler.importSchedules(json.append("]").toString());

    assertThat(store.calls())
        .isEqualTo(Map.of("findSchedules(names)", 1, "findLatestRuns", 1, "saveSchedules", 1));
    assertThat(imported).hasSize(1_000);
  }
}
