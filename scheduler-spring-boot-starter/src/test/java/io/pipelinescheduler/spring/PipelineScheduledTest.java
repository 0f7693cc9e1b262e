package io.pipelinescheduler.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.JobType;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link PipelineScheduled} methods and {@link JobType} beans in a real application context. */
class PipelineScheduledTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(PipelineSchedulerAutoConfiguration.class))
          .withPropertyValues("pipeline.scheduler.persist-schedules=false");

  /** A bean with annotated methods. */
  public static class Jobs {
    final List<Instant> nightly = new CopyOnWriteArrayList<>();
    final List<String> names = new CopyOnWriteArrayList<>();

    @PipelineScheduled(cron = "0 2 * * *", zone = "Europe/Berlin", retries = 3)
    public void nightly() {
      nightly.add(Instant.now());
    }

    @PipelineScheduled(every = "PT30M", timeout = "PT5M")
    public void halfHourly(JobContext context) {
      names.add(context.scheduleName());
    }
  }

  /** Both cron and every: invalid. */
  public static class BadJobs {
    @PipelineScheduled(cron = "0 2 * * *", every = "PT1M")
    public void both() {}
  }

  @Test
  void annotated_methods_fire_on_the_applications_clock_under_their_default_names() {
    SettableClock clock = SettableClock.at("2026-03-09T00:30:00Z"); // 01:30 in Berlin
    runner
        .withBean(SettableClock.class, () -> clock)
        .withBean("jobs", Jobs.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Jobs jobs = context.getBean(Jobs.class);
              PipelineScheduler scheduler = context.getBean(PipelineScheduler.class);
              assertThat(scheduler.isRunning()).isTrue();

              clock.advance(Duration.ofMinutes(30)); // 02:00 in Berlin

              assertThat(jobs.nightly).hasSize(1);
              assertThat(jobs.names).contains("jobs.halfHourly");
            });
  }

  @Test
  void job_type_beans_are_registered_under_their_bean_name() {
    List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
    JobType report = (context, params) -> seen.add(params);
    runner
        .withBean("reportType", JobType.class, () -> report)
        .run(
            context -> {
              PipelineScheduler scheduler = context.getBean(PipelineScheduler.class);
              scheduler.schedule("by-type").manual().run("reportType", Map.of("k", "v"));
              assertThat(scheduler.runNow("by-type").get(30, TimeUnit.SECONDS).status())
                  .isEqualTo(ExecutionStatus.SUCCEEDED);
              assertThat(seen).containsExactly(Map.of("k", "v"));
            });
  }

  /** A negative number of retries: invalid. */
  public static class NegativeRetries {
    @PipelineScheduled(every = "PT1M", retries = -1)
    public void sync() {}
  }

  @Test
  void negative_retries_fail_start_up_naming_the_method_and_the_value() {
    runner
        .withBean("negativeRetries", NegativeRetries.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("@PipelineScheduled on negativeRetries.sync")
                  .hasStackTraceContaining("retries must not be negative, was -1");
            });
  }

  @Test
  void a_bad_annotation_fails_start_up_naming_the_bean_and_the_method() {
    runner
        .withBean("badJobs", BadJobs.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining("@PipelineScheduled on badJobs.both");
            });
  }

  @Test
  void one_bad_annotation_among_good_ones_stores_none_of_them(@TempDir Path directory)
      throws Exception {
    Path db = directory.resolve("scheduler.db");
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PipelineSchedulerAutoConfiguration.class))
        .withPropertyValues("pipeline.scheduler.db-path=" + db)
        .withBean("jobs", Jobs.class)
        .withBean("negativeRetries", NegativeRetries.class)
        .run(context -> assertThat(context).hasFailed());

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT count(*) FROM ps_schedules")) {
      count.next();
      assertThat(count.getInt(1)).isZero();
    }
  }
}
