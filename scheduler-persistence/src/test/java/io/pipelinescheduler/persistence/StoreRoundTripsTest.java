package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.OverlapPolicy;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.internal.engine.RunPolicy;
import io.pipelinescheduler.internal.engine.ScheduleDefinition;
import io.pipelinescheduler.internal.engine.ScheduleRegistry;
import io.pipelinescheduler.internal.engine.SchedulerEngine;
import io.pipelinescheduler.internal.lock.LockBackends;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.internal.time.Timings;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: how many calls registration makes to the real JPA store on a SQLite file, counted by a
 * wrapper that only counts. A new schedule costs one call (one transaction), not three; a batch of
 * a thousand costs three calls.
 */
class StoreRoundTripsTest {
  private static final Instant NOW = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant AT = NOW.plus(Duration.ofHours(1));

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(NOW);
  private JpaScheduleStore jpa;
  private CountingStore store;
  private LockBackend locks;
  private SchedulerEngine engine;
  private ScheduleRegistry registry;

  @BeforeEach
  void open() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbPath(directory.resolve("scheduler.db"))
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId("counting")
            .build();
    jpa = JpaScheduleStore.open(config);
    store = new CountingStore(jpa);
    locks = LockBackends.open(config);
    registry = new ScheduleRegistry(store, clock);
    engine = new SchedulerEngine(config, store, locks, new SchedulerListener() {}, registry);
    store.reset();
  }

  @AfterEach
  void close() {
    engine.close();
    locks.close();
    jpa.close();
  }

  private static ScheduleDefinition once(String name, Instant at) {
    return new ScheduleDefinition(
        name,
        Timings.once(name, at, ZoneOffset.UTC),
        new RunPolicy(0, Duration.ZERO, null, OverlapPolicy.QUEUE, MisfirePolicy.FIRE_ONCE),
        List.of(),
        null,
        context -> {},
        null,
        null);
  }

  @Test
  void registering_a_new_schedule_is_one_store_call() {
    ScheduleInfo info = registry.register(once("invoice-1", AT));

    assertThat(store.calls()).isEqualTo(Map.of("mergeSchedule", 1));
    assertThat(info.nextRun().toInstant()).isEqualTo(AT);
    StoredSchedule stored = jpa.findSchedule("invoice-1").orElseThrow();
    assertThat(stored.nextRun()).isEqualTo(AT);
    assertThat(stored.enabled()).isTrue();
    assertThat(stored.anchor()).isEqualTo(NOW);
  }

  @Test
  void registering_a_schedule_stored_before_is_one_store_call_and_keeps_its_stored_state() {
    Timing timing = Timings.once("invoice-1", AT, ZoneOffset.UTC);
    Instant anchor = NOW.minus(Duration.ofDays(3));
    jpa.saveSchedule(
        new StoredSchedule(
            "invoice-1",
            timing.type(),
            timing.spec(),
            timing.zone(),
            false,
            anchor,
            null,
            null,
            null,
            0));

    ScheduleInfo info = registry.register(once("invoice-1", AT));

    assertThat(store.calls()).isEqualTo(Map.of("mergeSchedule", 1));
    assertThat(info.enabled()).isFalse();
    StoredSchedule stored = jpa.findSchedule("invoice-1").orElseThrow();
    assertThat(stored.enabled()).isFalse();
    assertThat(stored.anchor()).isEqualTo(anchor);
  }

  @Test
  void registering_a_batch_of_one_is_one_store_call() {
    registry.registerAll(List.of(once("invoice-1", AT)));

    assertThat(store.calls()).isEqualTo(Map.of("mergeSchedule", 1));
  }

  @Test
  void registering_a_batch_of_a_thousand_new_schedules_is_three_store_calls() {
    List<ScheduleDefinition> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(once("invoice-" + i, AT.plusSeconds(i)));
    }

    List<ScheduleInfo> infos = registry.registerAll(batch);

    assertThat(store.calls())
        .isEqualTo(Map.of("findSchedules(names)", 1, "findLatestRuns", 1, "saveSchedules", 1));
    assertThat(infos).hasSize(1_000);
    assertThat(infos.get(999).nextRun().toInstant()).isEqualTo(AT.plusSeconds(999));
    assertThat(jpa.findSchedules()).hasSize(1_000);
    assertThat(registry.size()).isEqualTo(1_000);
  }
}
