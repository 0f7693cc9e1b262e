package io.pipelinescheduler.benchmarks.jmh;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The end-to-end cost of one run in an in-memory scheduler: {@code runNow} of a manual schedule
 * whose job does nothing, until the future of its record completes (claim, record, hand-over to a
 * worker, the job, the finished record, listeners and meters).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchBenchmark {
  private PipelineScheduler scheduler;

  /** An in-memory scheduler with one manual schedule, started. */
  @Setup
  public void setUp() {
    scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .persistSchedules(false)
                .maxConcurrentRuns(10)
                .instanceId("jmh")
                .meterRegistry(new SimpleMeterRegistry())
                .historyLimitPerSchedule(100)
                .build());
    scheduler.schedule("noop").manual().run(ctx -> {});
    scheduler.start();
  }

  /** Stops the scheduler. */
  @TearDown
  public void tearDown() {
    scheduler.close();
  }

  /** One manual run, start to finished record. */
  @Benchmark
  public ExecutionRecord runNow() {
    return scheduler.runNow("noop").join();
  }
}
