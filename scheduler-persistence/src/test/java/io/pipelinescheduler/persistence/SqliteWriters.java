package io.pipelinescheduler.persistence;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A writer's share of a concurrency test: what one scheduler thread does to a store in a busy
 * minute, many times over. Used by the in-process and the two-process tests.
 */
final class SqliteWriters {
  static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  private SqliteWriters() {}

  /**
   * Records {@code runs} runs of schedule {@code name} (unique slots), finishing each, with a
   * schedule save, heartbeat and history read in between. Returns how many runs were inserted.
   */
  static int write(JpaScheduleStore store, String name, int runs) {
    int inserted = 0;
    for (int i = 0; i < runs; i++) {
      Instant slot = T0.plusSeconds(60L * i);
      ExecutionRecord run =
          ExecutionRecord.running(
              name + "-" + i, name, slot, slot, 1, Trigger.SCHEDULED, "node-" + name);
      if (store.insertRun(run)) {
        inserted++;
      }
      store.heartbeat(List.of(run.runId()), slot.plusSeconds(1));
      store.saveSchedule(
          new StoredSchedule(
              name,
              ScheduleType.INTERVAL,
              "PT1M",
              ZoneOffset.UTC,
              true,
              T0,
              slot,
              slot.plusSeconds(60),
              null,
              0));
      store.updateSlots(name, slot, slot.plusSeconds(60));
      store.updateRun(
          run.finish(
              ExecutionStatus.SUCCEEDED, slot.plusSeconds(2), Duration.ofSeconds(2), null, "ok"));
      store.findHistory(name, 5);
    }
    return inserted;
  }
}
