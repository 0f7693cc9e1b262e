package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.internal.observe.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 6: an instant centuries ahead (beyond what {@code Duration.toNanos} holds) must put
 * the timer to sleep, not into a loop of errors. Runs on the system clock, so the timer thread
 * really waits for the head of the timetable.
 */
class FarFutureTimerTest {

  @Test
  void a_once_three_centuries_ahead_waits_quietly_and_a_nearer_schedule_added_later_still_fires() {
    AtomicInteger nearRuns = new AtomicInteger();
    try (LogCapture engineLogs = new LogCapture("io.pipelinescheduler.internal.engine");
        PipelineScheduler scheduler =
            PipelineScheduler.create(
                SchedulerConfig.builder()
                    .persistSchedules(false)
                    .meterRegistry(new SimpleMeterRegistry())
                    .instanceId("far-future")
                    .build())) {
      scheduler.schedule("far").once(Instant.parse("2330-01-01T00:00:00Z")).run(context -> {});
      scheduler.start();

      scheduler
          .schedule("near")
          .once(Instant.now().plusMillis(500))
          .run(context -> nearRuns.incrementAndGet());
      await().atMost(Duration.ofSeconds(10)).until(() -> nearRuns.get() == 1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> scheduler.getHistory("near", 1).stream().anyMatch(ExecutionRecord::success));

      assertThat(engineLogs.messages(Level.ERROR)).isEmpty();
      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);
      assertThat(scheduler.getSchedule("far").orElseThrow().nextRun().toInstant())
          .isEqualTo(Instant.parse("2330-01-01T00:00:00Z"));
      assertThat(scheduler.getHistory("far", 1)).isEmpty();
    }
  }
}
