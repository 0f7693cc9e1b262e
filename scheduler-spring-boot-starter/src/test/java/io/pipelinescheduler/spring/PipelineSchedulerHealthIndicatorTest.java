package io.pipelinescheduler.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Actuator component follows the scheduler's own health: UP, DEGRADED, DOWN. */
class PipelineSchedulerHealthIndicatorTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PipelineSchedulerAutoConfiguration.class))
          .withPropertyValues(
              "pipeline.scheduler.persist-schedules=false",
              "pipeline.scheduler.failure-rate-threshold=0.2");

  @Test
  void up_then_degraded_when_recent_runs_fail_then_down_when_stopped() {
    runner.run(
        context -> {
          PipelineScheduler scheduler = context.getBean(PipelineScheduler.class);
          PipelineSchedulerHealthIndicator indicator =
              context.getBean(PipelineSchedulerHealthIndicator.class);
          assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

          scheduler
              .schedule("always-fails")
              .manual()
              .run(
                  job -> {
                    throw new IllegalStateException("the report service is down");
                  });
          for (int i = 0; i < 5; i++) { // the rate counts once five runs have ended
            assertThat(scheduler.runNow("always-fails").get(30, TimeUnit.SECONDS).status())
                .isEqualTo(ExecutionStatus.FAILED);
          }

          Health degraded = indicator.health();
          assertThat(degraded.getStatus())
              .isEqualTo(PipelineSchedulerHealthIndicator.DEGRADED)
              .hasToString("DEGRADED");
          assertThat(degraded.getDetails())
              .containsEntry("running", true)
              .containsEntry("reason", "recent runs fail above the threshold 0.2");

          scheduler.stop();

          Health down = indicator.health();
          assertThat(down.getStatus()).isEqualTo(Status.DOWN);
          assertThat(down.getDetails())
              .containsEntry("running", false)
              .containsEntry("reason", "not started");
        });
  }
}
