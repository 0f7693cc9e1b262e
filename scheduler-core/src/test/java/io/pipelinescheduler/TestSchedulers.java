package io.pipelinescheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;

/** Schedulers for tests: in memory, on a settable clock, with their own meter registry. */
final class TestSchedulers {
  private TestSchedulers() {}

  static SchedulerConfig.Builder config(SettableClock clock) {
    return SchedulerConfig.builder()
        .persistSchedules(false)
        .clock(clock)
        .meterRegistry(new SimpleMeterRegistry())
        .instanceId("test-node")
        .shutdownGrace(Duration.ofSeconds(5))
        .interruptGrace(Duration.ofMillis(300));
  }

  static PipelineScheduler started(SettableClock clock) {
    PipelineScheduler scheduler = PipelineScheduler.create(config(clock).build());
    scheduler.start();
    return scheduler;
  }
}
