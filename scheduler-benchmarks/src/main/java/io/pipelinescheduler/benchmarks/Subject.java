package io.pipelinescheduler.benchmarks;

import java.time.Instant;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One contender in one run: a scheduler configured for a workload. Jobs report to the {@link
 * RunSink} given at construction. Not thread-safe; one run at a time.
 */
abstract class Subject implements AutoCloseable {
  /** Registers one-shot jobs 0..n-1, job i due at {@code due.apply(i)}. */
  abstract void scheduleOnce(int n, IntFunction<Instant> due);

  /** Registers jobs 0..n-1 that each run every second, on whole seconds. */
  abstract void scheduleEverySecond(int n);

  /** Starts firing. */
  abstract void start();

  /** Stops and releases everything (waiting briefly for running jobs). */
  @Override
  public abstract void close();

  /** The settings this contender runs with, for the report. */
  abstract Map<String, String> settings();

  /**
   * Rows of run history written for finished runs, checked after {@link #close()}; -1 when the
   * contender keeps no history.
   */
  long historyRows() {
    return -1;
  }
}
