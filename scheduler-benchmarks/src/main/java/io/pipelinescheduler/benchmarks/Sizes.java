package io.pipelinescheduler.benchmarks;

import java.util.List;

/**
 * How big each workload is and how often it is repeated.
 *
 * @param runs measured runs per contender and workload (the report gives their median)
 * @param threads worker threads of every contender
 * @param burst W1/W6: one-shot runs all due at once
 * @param burstQuartzJdbc W1: the burst for Quartz JobStoreTX, which runs about a hundred jobs a
 *     second: the 10,000 would take nearly two minutes a run
 * @param burstWarmup runs of the unmeasured warm-up before the first measured burst (persistent)
 * @param memoryWarmupRounds W6: unmeasured full-size bursts before the first measured one
 * @param precision W2/W6: runs spread over the window
 * @param precisionWindowMillis W2/W6: the window
 * @param steadySchedules W3: schedules firing every second
 * @param steadySeconds W3: the measured window
 * @param clusterRuns W4: one-shot runs per cluster burst
 * @param clusterSizes W4: instance counts
 * @param scaleSizes W5: schedule counts
 * @param scaleHeap W5: the heap limit of the JVM that registers them
 * @param jmh whether to run the JMH microbenchmarks
 * @param startupRuns start-up: fresh JVMs per contender (the report gives their median and max)
 * @param pickupRuns pickup: measured one-shots, created one at a time
 * @param pickupWarmup pickup: one-shots created before the measured ones, not counted
 * @param pickupIntervalMillis pickup: the pause between two creations
 */
record Sizes(
    int runs,
    int threads,
    int burst,
    int burstQuartzJdbc,
    int burstWarmup,
    int memoryWarmupRounds,
    int precision,
    int precisionWindowMillis,
    int steadySchedules,
    int steadySeconds,
    int clusterRuns,
    List<Integer> clusterSizes,
    List<Integer> scaleSizes,
    String scaleHeap,
    boolean jmh,
    int startupRuns,
    int pickupRuns,
    int pickupWarmup,
    int pickupIntervalMillis) {

  /** The sizes the Benchmarks issue names. */
  static Sizes full() {
    return new Sizes(
        3,
        10,
        10_000,
        3_000,
        1_000,
        30,
        500,
        5_000,
        1_000,
        30,
        10_000,
        List.of(1, 2, 3),
        List.of(100_000, 1_000_000),
        "1g",
        true,
        7,
        200,
        50,
        50);
  }

  /** Tiny sizes to check that everything works (no meaningful figures). */
  static Sizes quick() {
    return new Sizes(
        1,
        4,
        200,
        200,
        50,
        1,
        50,
        1_000,
        20,
        3,
        200,
        List.of(1, 2),
        List.of(1_000),
        "256m",
        false,
        2,
        20,
        5,
        50);
  }
}
