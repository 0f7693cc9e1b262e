package io.pipelinescheduler.benchmarks;

import java.time.Instant;

/** Where a benchmark job reports that it ran. Called on the schedulers' worker threads. */
@FunctionalInterface
public interface RunSink {
  /**
   * Run {@code id} started now, for the slot the scheduler says it was due at.
   *
   * @param id the job's number in its workload
   * @param slot the instant the scheduler meant the run for
   */
  void ran(int id, Instant slot);
}
