package io.pipelinescheduler.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleStoreContract;
import org.junit.jupiter.api.Test;

class InMemoryScheduleStoreTest extends ScheduleStoreContract {
  @Override
  protected ScheduleStore newStore() {
    return new InMemoryScheduleStore(10_000);
  }

  @Test
  void history_beyond_the_limit_drops_the_oldest_runs_and_their_fences() {
    ScheduleStore small = new InMemoryScheduleStore(2);
    ExecutionRecord oldest = scheduledRun("report", T0, 1);
    small.insertRun(oldest);
    small.insertRun(scheduledRun("report", T0.plusSeconds(60), 1));
    small.insertRun(scheduledRun("report", T0.plusSeconds(120), 1));

    assertThat(small.findHistory("report", 10)).hasSize(2).doesNotContain(oldest);
    assertThat(small.findRun(oldest.runId())).isEmpty();
    assertThat(small.insertRun(scheduledRun("report", T0, 1))).isTrue();
  }
}
