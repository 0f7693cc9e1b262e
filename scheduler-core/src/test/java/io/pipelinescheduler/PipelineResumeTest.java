package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.testing.SettableClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resuming a failed pipeline run from its failed step: the steps that succeeded are skipped. */
@Timeout(60)
class PipelineResumeTest {
  private static final long PATIENCE_SECONDS = 30;

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final AtomicInteger transforms = new AtomicInteger();

  @AfterEach
  void close() {
    scheduler.close();
  }

  private Pipeline etl() {
    return Pipeline.named("etl")
        .step("extract", context -> ran.add("extract"))
        .step(
            "transform",
            context -> {
              ran.add("transform");
              if (transforms.incrementAndGet() == 1) {
                throw new IllegalStateException("bad row 17");
              }
            })
        .step("load", context -> ran.add("load"));
  }

  @Test
  void a_resumed_run_skips_the_steps_that_succeeded_and_runs_from_the_failed_one()
      throws Exception {
    scheduler.schedule("etl").manual().run(etl());
    ExecutionRecord failed = scheduler.runNow("etl").get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);

    ExecutionRecord resumed =
        scheduler.resume(failed.runId()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);

    assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(resumed.runId()).isNotEqualTo(failed.runId());
    assertThat(resumed.trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(ran).containsExactly("extract", "transform", "transform", "load");
    assertThat(resumed.steps())
        .extracting(StepOutcome::name, StepOutcome::status)
        .containsExactly(
            Tuple.tuple("extract", ExecutionStatus.SUCCEEDED),
            Tuple.tuple("transform", ExecutionStatus.SUCCEEDED),
            Tuple.tuple("load", ExecutionStatus.SUCCEEDED));
    assertThat(resumed.steps().get(0)).isEqualTo(failed.steps().get(0));
    assertThat(resumed.output())
        .contains("step 'extract' skipped: it succeeded in the resumed run")
        .doesNotContain("step 'extract' started");
  }

  @Test
  void a_run_that_succeeded_is_running_is_unknown_or_is_not_a_pipeline_is_not_resumed()
      throws Exception {
    transforms.set(1); // transform succeeds
    scheduler.schedule("etl").manual().run(etl());
    ExecutionRecord succeeded = scheduler.runNow("etl").get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    CountDownLatch release = new CountDownLatch(1);
    scheduler.schedule("slow").manual().run(context -> release.await(30, TimeUnit.SECONDS));
    ExecutionRecord running = scheduler.startRun("slow");
    scheduler
        .schedule("plain")
        .manual()
        .run(
            context -> {
              throw new IllegalStateException("no");
            });
    ExecutionRecord plain = scheduler.runNow("plain").get(PATIENCE_SECONDS, TimeUnit.SECONDS);

    try {
      assertThatThrownBy(() -> scheduler.resume(succeeded.runId()))
          .isInstanceOf(SchedulerException.class)
          .hasMessage("run " + succeeded.runId() + " succeeded with every step; nothing to resume");
      assertThatThrownBy(() -> scheduler.resume(running.runId()))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining("run " + running.runId() + " is still ");
      assertThatThrownBy(() -> scheduler.resume("no-such-run"))
          .isInstanceOf(SchedulerException.class)
          .hasMessage("run no-such-run is unknown; nothing to resume");
      assertThatThrownBy(() -> scheduler.resume(plain.runId()))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining("the job of schedule 'plain' is not a Pipeline");
      assertThat(scheduler.getHistory("etl", 10)).hasSize(1);
      assertThat(scheduler.getHistory("plain", 10)).hasSize(1);
    } finally {
      release.countDown();
    }
  }

  @Test
  void a_run_that_succeeded_with_a_failed_continued_step_runs_that_step_again() throws Exception {
    AtomicInteger notifies = new AtomicInteger();
    scheduler
        .schedule("etl")
        .manual()
        .run(
            Pipeline.named("etl")
                .step("extract", context -> ran.add("extract"))
                .step(
                    "notify",
                    context -> {
                      ran.add("notify");
                      if (notifies.incrementAndGet() == 1) {
                        throw new IllegalStateException("mail server down");
                      }
                    })
                .continueOnFailure()
                .step("load", context -> ran.add("load")));
    ExecutionRecord first = scheduler.runNow("etl").get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    assertThat(first.failedSteps()).containsExactly("notify");

    ExecutionRecord resumed =
        scheduler.resume(first.runId()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);

    assertThat(resumed.failedSteps()).isEmpty();
    assertThat(ran).containsExactly("extract", "notify", "load", "notify");
    assertThat(resumed.steps().get(1).attempts()).isEqualTo(1);
  }
}
