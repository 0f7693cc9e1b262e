package io.pipelinescheduler.benchmarks;

import io.pipelinescheduler.benchmarks.jmh.DispatchBenchmark;
import io.pipelinescheduler.benchmarks.jmh.NextFireBenchmark;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The JMH microbenchmarks, run in forked JVMs; scores go to the results. */
final class JmhWorkload {
  static final int FORKS = 1;
  static final int WARMUP_ITERATIONS = 3;
  static final int MEASUREMENT_ITERATIONS = 5;
  static final TimeValue ITERATION_TIME = TimeValue.seconds(1);

  private final Bench bench;

  JmhWorkload(Bench bench) {
    this.bench = bench;
  }

  /** The settings, for the report. */
  static String settings() {
    return FORKS
        + " fork, "
        + WARMUP_ITERATIONS
        + " warm-up and "
        + MEASUREMENT_ITERATIONS
        + " measured iterations of "
        + ITERATION_TIME
        + ", 1 thread, average time per operation";
  }

  void run(String workload) {
    Options options =
        new OptionsBuilder()
            .include(NextFireBenchmark.class.getName())
            .include(DispatchBenchmark.class.getName())
            .forks(FORKS)
            .warmupIterations(WARMUP_ITERATIONS)
            .warmupTime(ITERATION_TIME)
            .measurementIterations(MEASUREMENT_ITERATIONS)
            .measurementTime(ITERATION_TIME)
            .threads(1)
            .jvmArgsAppend("-Xmx1g")
            .build();
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } catch (RunnerException e) {
      bench.results.note(workload, "JMH failed: " + e.getMessage());
      return;
    }
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      var primary = result.getPrimaryResult();
      double toNanos = nanosPer(primary.getScoreUnit());
      bench.results.add(workload, shortName, "ns/op", primary.getScore() * toNanos);
      bench.results.add(workload, shortName, "± ns/op (99.9%)", primary.getScoreError() * toNanos);
    }
  }

  private static double nanosPer(String unit) {
    return switch (unit) {
      case "ns/op" -> 1;
      case "us/op" -> 1_000;
      case "ms/op" -> 1_000_000;
      case "s/op" -> 1_000_000_000;
      default -> throw new IllegalStateException("unexpected JMH unit " + unit);
    };
  }

  static List<String> names() {
    return List.of(
        NextFireBenchmark.class.getSimpleName(), DispatchBenchmark.class.getSimpleName());
  }
}
