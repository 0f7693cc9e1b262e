package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.Job;
import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler on the SQLite store it finds by itself: state and history survive a restart, and
 * slots missed while it was down follow the misfire policy.
 */
class PersistentSchedulerRestartTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(START);
  private final List<JobContext> runs = new CopyOnWriteArrayList<>();
  private final Job recording = runs::add;

  private Path db() {
    return directory.resolve("scheduler.db");
  }

  private PipelineScheduler newScheduler() {
    return PipelineScheduler.create(
        SchedulerConfig.builder()
            .dbPath(db())
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId("restart-test")
            .shutdownGrace(Duration.ofSeconds(1))
            .interruptGrace(Duration.ofSeconds(2))
            .build());
  }

  /** What the application registers at every start-up. */
  private void register(PipelineScheduler scheduler) {
    scheduler.schedule("hourly-report").hourly(0).run(recording);
    scheduler.schedule("skipping-report").hourly(0).misfire(MisfirePolicy.SKIP).run(recording);
    scheduler.scheduleInterval("half-hourly", recording, Duration.ofMinutes(30));
    scheduler.schedule("on-demand").manual().run(recording);
  }

  @Test
  void a_new_scheduler_on_the_same_file_keeps_state_and_history_and_catches_up_by_policy()
      throws Exception {
    try (PipelineScheduler first = newScheduler()) {
      register(first);
      first.start();
      clock.advance(Duration.ofHours(3)); // 09:00, 10:00 and 11:00; half-hourly from 08:30
      first.runNow("on-demand").get(30, TimeUnit.SECONDS);
      first.disable("half-hourly");
      assertThat(first.healthCheck().details()).containsEntry("store", "sqlite");
    }
    assertThat(countRuns("status = 'RUNNING'")).isZero();
    assertThat(countRuns("1 = 1")).isEqualTo(3 + 3 + 6 + 1);

    clock.set(Instant.parse("2026-03-09T18:30:00Z")); // down from 11:00 to 18:30
    runs.clear();
    try (PipelineScheduler second = newScheduler()) {
      register(second);

      assertThat(second.getSchedule("half-hourly").orElseThrow().enabled()).isFalse();
      assertThat(second.getSchedule("hourly-report").orElseThrow().enabled()).isTrue();
      assertThat(second.getHistory("hourly-report", 100))
          .extracting(ExecutionRecord::scheduledTime)
          .containsExactly(at("11:00"), at("10:00"), at("09:00"));
      assertThat(second.getHistory("on-demand", 10))
          .singleElement()
          .extracting(ExecutionRecord::trigger)
          .isEqualTo(Trigger.MANUAL);

      second.start();
      clock.advance(Duration.ZERO); // fires what was overdue at start and waits for it

      List<ExecutionRecord> hourly = second.getHistory("hourly-report", 100);
      assertThat(hourly).hasSize(4);
      assertThat(hourly.get(0).trigger()).isEqualTo(Trigger.CATCH_UP);
      assertThat(hourly.get(0).scheduledTime()).isEqualTo(at("18:00"));
      assertThat(hourly.get(0).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(second.getHistory("skipping-report", 100)).hasSize(3);

      clock.advance(Duration.ofHours(1));

      assertThat(runs)
          .extracting(JobContext::scheduleName, JobContext::scheduledTime, JobContext::trigger)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("hourly-report", at("18:00"), Trigger.CATCH_UP),
              org.assertj.core.groups.Tuple.tuple("hourly-report", at("19:00"), Trigger.SCHEDULED),
              org.assertj.core.groups.Tuple.tuple(
                  "skipping-report", at("19:00"), Trigger.SCHEDULED));
      assertThat(second.getHistory("half-hourly", 100))
          .hasSize(6)
          .allSatisfy(run -> assertThat(run.scheduledTime()).isBeforeOrEqualTo(at("11:00")));
      assertThat(second.healthCheck().status()).isEqualTo(Health.UP);
    }
    assertThat(countRuns("status = 'RUNNING'")).isZero();
  }

  @Test
  void a_clean_stop_leaves_no_run_recorded_as_running() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    PipelineScheduler scheduler = newScheduler();
    try {
      scheduler
          .schedule("slow")
          .every(Duration.ofMinutes(10))
          .run(
              context -> {
                started.countDown();
                Thread.sleep(Duration.ofMinutes(10).toMillis());
              });
      scheduler.start();
      clock.advanceWithoutWaiting(Duration.ofMinutes(10));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      // A run's start is written just behind its job (on the record thread), as in production.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(countRuns("status = 'RUNNING'")).isEqualTo(1));
    } finally {
      scheduler.close();
    }

    assertThat(countRuns("status = 'RUNNING'")).isZero();
    assertThat(countRuns("status = 'CANCELLED' AND schedule_name = 'slow'")).isEqualTo(1);
  }

  @Test
  void a_schedule_of_a_job_type_is_stored_whole_as_json() throws Exception {
    try (PipelineScheduler scheduler = newScheduler()) {
      scheduler.registerJobType("send-invoice", (context, params) -> {});
      scheduler.schedule("invoice-42").manual().run("send-invoice", Map.of("id", 42));
    }

    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT definition FROM ps_schedules WHERE name = 'invoice-42'")) {
      assertThat(row.next()).isTrue();
      assertThat(row.getString(1))
          .contains("\"jobType\":\"send-invoice\"")
          .contains("\"params\":{\"id\":42}");
    }
  }

  private static Instant at(String utcTime) {
    return Instant.parse("2026-03-09T" + utcTime + ":00Z");
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db());
  }

  private long countRuns(String condition) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery("SELECT count(*) FROM ps_runs WHERE " + condition)) {
      count.next();
      return count.getLong(1);
    }
  }
}
