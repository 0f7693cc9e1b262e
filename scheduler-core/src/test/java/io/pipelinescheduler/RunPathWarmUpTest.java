package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.internal.observe.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The run path's warm-up at the first {@code create()} of a JVM (issue 20): it runs its one job on
 * a scheduler of its own that the application never sees in its logs, and leaves no thread behind.
 */
class RunPathWarmUpTest {
  /** Set to ERROR in logback-test.xml; each capture here lowers it for its own duration. */
  private static final String ENGINE = "io.pipelinescheduler.internal.engine";

  @Test
  void the_warm_up_runs_its_job_logs_nothing_at_info_and_leaves_no_thread_behind() {
    Set<Thread> before = schedulerThreads();
    try (LogCapture logs = new LogCapture("io.pipelinescheduler");
        LogCapture engineLogs = new LogCapture(ENGINE)) {

      assertThat(RunPathWarmUp.runOneJob(false)).isTrue();
      assertThat(RunPathWarmUp.runOneJob(true)).isTrue();

      assertThat(logs.events()).isEmpty();
      assertThat(engineLogs.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.INFO));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(schedulerThreads()).isSubsetOf(before));
  }

  @Test
  void an_application_scheduler_still_logs_its_start_and_its_runs_at_info() throws Exception {
    CountDownLatch ended = new CountDownLatch(1);
    try (LogCapture logs = new LogCapture("io.pipelinescheduler");
        LogCapture engineLogs = new LogCapture(ENGINE);
        PipelineScheduler scheduler =
            PipelineScheduler.create(
                SchedulerConfig.builder()
                    .persistSchedules(false)
                    .meterRegistry(new SimpleMeterRegistry())
                    .instanceId("application")
                    .build())) {
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onRunSucceeded(ExecutionRecord run) {
              ended.countDown();
            }
          });
      scheduler.schedule("report").once(Instant.now()).run(context -> {});
      scheduler.start();
      assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(logs.messages(Level.INFO))
          .anyMatch(m -> m.startsWith("pipeline-scheduler starting with 1 schedules"));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(engineLogs.messages(Level.INFO))
                      .anyMatch(
                          m ->
                              m.startsWith("schedule 'report': run ") && m.contains(" succeeded")));
      assertThat(logs.messages(Level.INFO)).noneMatch(m -> m.contains("warm-up"));
    }
  }

  @Test
  void the_system_property_turns_the_warm_up_off() {
    String before = System.getProperty(RunPathWarmUp.PROPERTY);
    try {
      System.clearProperty(RunPathWarmUp.PROPERTY);
      assertThat(RunPathWarmUp.enabled()).isTrue();
      System.setProperty(RunPathWarmUp.PROPERTY, "FALSE");
      assertThat(RunPathWarmUp.enabled()).isFalse();
      System.setProperty(RunPathWarmUp.PROPERTY, "true");
      assertThat(RunPathWarmUp.enabled()).isTrue();
    } finally {
      if (before == null) {
        System.clearProperty(RunPathWarmUp.PROPERTY);
      } else {
        System.setProperty(RunPathWarmUp.PROPERTY, before);
      }
    }
  }

  private static Set<Thread> schedulerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("pipeline-scheduler-"))
        .collect(Collectors.toSet());
  }
}
