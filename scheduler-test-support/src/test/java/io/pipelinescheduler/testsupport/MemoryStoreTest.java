package io.pipelinescheduler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.spi.MemoryStore;
import org.junit.jupiter.api.Test;

/** The in-memory store, the one the scheduler uses when persistence is off, on the contract. */
class MemoryStoreTest extends ScheduleStoreContract {
  @Override
  protected ScheduleStore newStore() {
    return MemoryStore.create(10_000);
  }

  @Test
  void history_beyond_the_limit_drops_the_oldest_runs_and_their_fences() {
    ScheduleStore small = MemoryStore.create(2);
    ExecutionRecord oldest = scheduledRun("report", T0, 1);
    small.insertRun(oldest);
    small.insertRun(scheduledRun("report", T0.plusSeconds(60), 1));
    small.insertRun(scheduledRun("report", T0.plusSeconds(120), 1));

    assertThat(small.findHistory("report", 10)).hasSize(2).doesNotContain(oldest);
    assertThat(small.findRun(oldest.runId())).isEmpty();
    assertThat(small.insertRun(scheduledRun("report", T0, 1))).isTrue();
  }
}
