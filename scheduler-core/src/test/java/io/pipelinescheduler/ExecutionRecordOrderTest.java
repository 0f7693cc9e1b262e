package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionRecordOrderTest {
  private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void newest_first_orders_by_start_descending_then_run_id_with_unstarted_runs_last() {
    ExecutionRecord oldB = record("b", T);
    ExecutionRecord oldA = record("a", T);
    ExecutionRecord newest = record("c", T.plusSeconds(5));
    ExecutionRecord unstartedZ = record("z", null);
    ExecutionRecord unstartedY = record("y", null);
    List<ExecutionRecord> runs =
        new ArrayList<>(List.of(unstartedZ, oldB, newest, unstartedY, oldA));

    runs.sort(ExecutionRecord.NEWEST_FIRST);

    assertThat(runs).extracting(ExecutionRecord::runId).containsExactly("c", "a", "b", "y", "z");
  }

  @Test
  void newest_first_is_consistent_with_equal_runs() {
    ExecutionRecord run = record("a", T);

    assertThat(ExecutionRecord.NEWEST_FIRST.compare(run, record("a", T))).isZero();
    assertThat(ExecutionRecord.NEWEST_FIRST.compare(record("a", null), record("a", null))).isZero();
  }

  private static ExecutionRecord record(String runId, Instant startedAt) {
    return new ExecutionRecord(
        runId,
        "nightly",
        T,
        startedAt,
        null,
        startedAt == null ? ExecutionStatus.QUEUED : ExecutionStatus.SUCCEEDED,
        startedAt != null,
        null,
        1,
        Trigger.SCHEDULED,
        null,
        null,
        "node",
        null);
  }
}
