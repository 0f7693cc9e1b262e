package io.pipelinescheduler.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.NotifyOn;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19 item 2: a schedule's own webhook, on real local HTTP servers: posted once a run has
 * failed for good (so is the scheduler's webhook, no longer for each retried attempt), never for
 * another schedule, and a webhook that fails never touches the runs.
 */
class ScheduleWebhookTest {
  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private WebhookServer schedulerHook;
  private WebhookServer teamHook;

  @BeforeEach
  void start() throws IOException {
    schedulerHook = new WebhookServer();
    teamHook = new WebhookServer();
  }

  @AfterEach
  void stop() {
    schedulerHook.close();
    teamHook.close();
  }

  private SchedulerConfig.Builder config() {
    return SchedulerConfig.builder()
        .persistSchedules(false)
        .clock(clock)
        .meterRegistry(new SimpleMeterRegistry())
        .instanceId("test-node")
        .webhookUrl(schedulerHook.uri());
  }

  private static void fail() throws IOException {
    throw new IOException("disk full");
  }

  @Test
  void a_schedule_removed_and_made_again_starts_with_no_failures_and_no_rate_limit_window() {
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(config().notifyMinInterval(Duration.ofHours(1)).build())) {
      scheduler.start();
      scheduler.schedule("etl").every(Duration.ofMinutes(10)).run(ctx -> fail());
      clock.advance(Duration.ofMinutes(10)); // fails: posted, its window open for an hour
      scheduler.unschedule("etl");
      scheduler.schedule("etl").every(Duration.ofMinutes(10)).run(ctx -> fail());
      clock.advance(Duration.ofMinutes(10)); // the new schedule's first failure
    }

    assertThat(schedulerHook.received())
        .extracting(WebhookServer.Received::body)
        .hasSize(2)
        .allSatisfy(
            body ->
                assertThat(body)
                    .startsWith("{\"text\":\"Run FAILED: schedule 'etl', attempt 1\\n")
                    .doesNotContain("held back"));
  }

  @Test
  void a_schedules_webhook_and_the_schedulers_get_one_post_after_the_last_attempt() {
    try (PipelineScheduler scheduler = PipelineScheduler.create(config().build())) {
      scheduler.start();
      scheduler
          .schedule("etl")
          .every(Duration.ofHours(1))
          .retries(1, Duration.ofMinutes(1))
          .notifyWebhook(teamHook.uri())
          .run(ctx -> fail());
      scheduler.schedule("other").every(Duration.ofHours(1)).run(ctx -> fail());

      clock.advance(Duration.ofHours(1)); // etl attempt 1 and other
      clock.advance(Duration.ofMinutes(1)); // etl attempt 2, the last
    } // close() waits for the posts in flight

    assertThat(teamHook.received())
        .singleElement()
        .satisfies(
            post ->
                assertThat(post.body())
                    .startsWith("{\"text\":\"Run FAILED: schedule 'etl', attempt 2\\n")
                    .contains("disk full"));
    assertThat(schedulerHook.received())
        .extracting(WebhookServer.Received::body)
        .hasSize(2)
        .anySatisfy(body -> assertThat(body).contains("schedule 'etl', attempt 2"))
        .anySatisfy(body -> assertThat(body).contains("schedule 'other', attempt 1"));
  }

  @Test
  void a_schedule_that_asks_for_successes_only_posts_them_to_its_webhook() {
    try (PipelineScheduler scheduler = PipelineScheduler.create(config().build())) {
      scheduler.start();
      scheduler
          .schedule("heartbeat")
          .manual()
          .notifyWebhook(teamHook.uri())
          .notifyOn(NotifyOn.SUCCESS)
          .run(ctx -> {});

      scheduler.runNow("heartbeat").get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(() -> teamHook.received().size() == 1);
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    assertThat(teamHook.received().get(0).body()).contains("Run SUCCEEDED: schedule 'heartbeat'");
    assertThat(schedulerHook.received().get(0).body())
        .as("the scheduler's webhook gets what the schedule asks for")
        .contains("Run SUCCEEDED: schedule 'heartbeat'");
  }

  @Test
  void an_imported_schedule_posts_to_the_webhook_its_definition_names() throws Exception {
    String json =
        "[{\"name\": \"imported\", \"definition\": {\"timing\": {\"kind\": \"manual\"},"
            + " \"job\": {\"kind\": \"jobType\", \"jobType\": \"boom\"},"
            + " \"notify\": {\"webhooks\": [\""
            + teamHook.uri()
            + "\"]}}}]";
    try (PipelineScheduler scheduler = PipelineScheduler.create(config().build())) {
      scheduler.registerJobType("boom", (context, params) -> fail());
      scheduler.start();
      scheduler.importSchedules(json);

      scheduler.runNow("imported").get(30, TimeUnit.SECONDS);
    }

    assertThat(teamHook.received())
        .singleElement()
        .satisfies(post -> assertThat(post.body()).contains("Run FAILED: schedule 'imported'"));
  }

  @Test
  void a_webhook_answering_500_is_logged_and_the_runs_go_on() throws Exception {
    teamHook.answerWith(500);
    try (LogCapture log = new LogCapture(WebhookNotifier.class);
        PipelineScheduler scheduler =
            PipelineScheduler.create(config().notifyMinInterval(Duration.ZERO).build())) {
      scheduler.start();
      scheduler.schedule("etl").manual().notifyWebhook(teamHook.uri()).run(ctx -> fail());
      scheduler.schedule("fine").manual().run(ctx -> {});

      ExecutionRecord failed = scheduler.runNow("etl").get(30, TimeUnit.SECONDS);
      ExecutionRecord again = scheduler.runNow("etl").get(30, TimeUnit.SECONDS);
      ExecutionRecord fine = scheduler.runNow("fine").get(30, TimeUnit.SECONDS);

      assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(again.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(fine.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      await().atMost(Duration.ofSeconds(30)).until(() -> log.messages(Level.WARN).size() == 2);
      assertThat(log.messages(Level.WARN))
          .allSatisfy(
              m -> assertThat(m).contains("answered HTTP 500").doesNotContain("secret-token"));
    }
  }
}
