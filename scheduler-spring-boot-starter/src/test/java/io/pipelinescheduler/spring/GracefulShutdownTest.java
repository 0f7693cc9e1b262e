package io.pipelinescheduler.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Closing the context waits, up to shutdown-grace, for a running job to end by itself. */
class GracefulShutdownTest {
  @Test
  void closing_the_context_lets_a_running_job_finish_within_the_grace() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PipelineSchedulerAutoConfiguration.class))
        .withPropertyValues(
            "pipeline.scheduler.persist-schedules=false", "pipeline.scheduler.shutdown-grace=5m")
        .run(
            context -> {
              PipelineScheduler scheduler = context.getBean(PipelineScheduler.class);
              CountDownLatch started = new CountDownLatch(1);
              CountDownLatch release = new CountDownLatch(1);
              scheduler
                  .schedule("long-report")
                  .manual()
                  .run(
                      job -> {
                        started.countDown();
                        release.await(); // interrupted if the grace were not honoured
                      });
              Future<ExecutionRecord> run = scheduler.runNow("long-report");
              assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

              Thread closer = new Thread(context::close, "context-closer");
              closer.start();
              await().atMost(Duration.ofSeconds(30)).until(() -> !scheduler.isRunning());

              assertThat(closer.isAlive()).as("close() waits for the running job").isTrue();
              release.countDown();
              closer.join(Duration.ofSeconds(30).toMillis());
              assertThat(closer.isAlive()).isFalse();
              assertThat(run.get(1, TimeUnit.SECONDS).status())
                  .isEqualTo(ExecutionStatus.SUCCEEDED);
            });
  }
}
