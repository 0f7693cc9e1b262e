package io.pipelinescheduler.spi;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.internal.store.InMemoryScheduleStore;

/**
 * The in-memory {@link ScheduleStore} the scheduler uses when {@code persistSchedules} is off: the
 * reference a store author compares with, and what {@code scheduler-test-support} runs its store
 * contract against. Thread-safe; nothing survives the process.
 */
public final class MemoryStore {
  private MemoryStore() {}

  /**
   * A new, empty in-memory store.
   *
   * @param historyLimitPerSchedule how many runs of each schedule are kept; older ones (and their
   *     fences) are dropped
   * @throws IllegalArgumentException when the limit is less than one
   */
  public static ScheduleStore create(int historyLimitPerSchedule) {
    return new InMemoryScheduleStore(historyLimitPerSchedule);
  }
}
