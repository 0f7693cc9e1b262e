package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Schedulers sharing one real SQLite database: data-defined schedules come back with no code and
 * travel between instances, operators' edits of the table are picked up, runs of a dead instance
 * are abandoned and retried, and old history is deleted.
 */
class SharedStoreSchedulerTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");
  private static final Duration FAST = Duration.ofMillis(100);

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(START);

  private SchedulerConfig.Builder config(String instance) {
    return SchedulerConfig.builder()
        .dbPath(directory.resolve("shared.db"))
        .clock(clock)
        .meterRegistry(new SimpleMeterRegistry())
        .instanceId(instance)
        .refreshInterval(FAST)
        .heartbeatInterval(FAST)
        .heartbeatTimeout(Duration.ofMillis(300))
        .shutdownGrace(Duration.ofSeconds(1));
  }

  private PipelineScheduler started(String instance) {
    PipelineScheduler scheduler = PipelineScheduler.create(config(instance).build());
    scheduler.start();
    return scheduler;
  }

  @Test
  void a_command_job_schedule_comes_back_after_a_restart_with_no_code() throws Exception {
    Path marker = directory.resolve("touched");
    try (PipelineScheduler first = started("a")) {
      first
          .schedule("touch")
          .every(Duration.ofHours(1))
          .run(CommandJob.of("touch", marker.toString()));
    }

    try (PipelineScheduler second = started("a")) {
      assertThat(second.listSchedules()).extracting(ScheduleInfo::name).containsExactly("touch");
      clock.advance(Duration.ofHours(1));

      assertThat(Files.exists(marker)).isTrue();
      assertThat(second.getHistory("touch", 5))
          .extracting(ExecutionRecord::status)
          .containsExactly(ExecutionStatus.SUCCEEDED);
    }
  }

  @Test
  void stored_schedules_not_registered_yet_are_listed() {
    try (PipelineScheduler first = started("a")) {
      first.scheduleDaily("code-report", context -> {}, 9, 0);
    }

    try (PipelineScheduler second = started("a")) {
      List<ScheduleInfo> listed = second.listSchedules();

      assertThat(listed).extracting(ScheduleInfo::name).containsExactly("code-report");
      assertThat(listed.get(0).description()).contains("not registered");
      assertThat(listed.get(0).spec()).isEqualTo("09:00");
    }
  }

  @Test
  void a_schedule_created_at_runtime_on_one_instance_runs_once_on_the_shared_store() {
    List<String> sent = new CopyOnWriteArrayList<>();
    try (PipelineScheduler a = started("a");
        PipelineScheduler b = started("b")) {
      a.registerJobType("send", (context, params) -> sent.add("a:" + params.get("id")));
      b.registerJobType("send", (context, params) -> sent.add("b:" + params.get("id")));

      a.schedule("invoice-42").once(START.plus(Duration.ofHours(1))).run("send", Map.of("id", 42));
      await().atMost(Duration.ofSeconds(10)).until(() -> b.getSchedule("invoice-42").isPresent());
      clock.advance(Duration.ofHours(2));

      assertThat(sent).hasSize(1);
      assertThat(sent.get(0)).endsWith(":42");
      assertThat(a.getHistory("invoice-42", 5)).hasSize(1);
    }
  }

  @Test
  void an_operators_edit_of_the_table_is_picked_up_within_the_refresh_interval()
      throws SQLException {
    List<Instant> runs = new CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler = started("a")) {
      scheduler.registerJobType("report", (context, params) -> runs.add(context.scheduledTime()));
      scheduler.schedule("report").cron("0 9 * * *").run("report", Map.of());
      scheduler.scheduleDaily("code-job", context -> {}, 9, 0);

      sql("UPDATE ps_schedules SET spec = '0 10 * * *' WHERE name = 'report'");
      sql("UPDATE ps_schedules SET enabled = 0 WHERE name = 'code-job'");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> scheduler.getSchedule("report").orElseThrow().spec().equals("0 10 * * *"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> !scheduler.getSchedule("code-job").orElseThrow().enabled());
      clock.advance(Duration.ofHours(3));

      assertThat(runs).containsExactly(Instant.parse("2026-03-09T10:00:00Z"));
      assertThat(scheduler.getHistory("code-job", 5)).isEmpty();
    }
  }

  @Test
  void a_run_whose_instance_stopped_heart_beating_is_abandoned_and_retried_by_a_live_one() {
    Instant slot = START.minus(Duration.ofMinutes(10));
    try (JpaScheduleStore deadInstance =
        JpaScheduleStore.open(config("dead").persistSchedules(true).build())) {
      deadInstance.insertRun(
          ExecutionRecord.running("dead-run", "etl", slot, slot, 1, Trigger.SCHEDULED, "dead"));
    }
    try (PipelineScheduler live = started("live")) {
      List<Instant> retriesAt = new CopyOnWriteArrayList<>();
      live.addListener(
          new SchedulerListener() {
            @Override
            public void onRetryScheduled(ExecutionRecord failed, Instant retryAt) {
              retriesAt.add(retryAt);
            }
          });
      live.schedule("etl")
          .every(Duration.ofHours(1))
          .retries(1, Duration.ofMinutes(1))
          .run(c -> {});

      // The store shows ABANDONED a moment before the retry is on the timetable: wait for both.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> live.getRun("dead-run").orElseThrow().status() == ExecutionStatus.ABANDONED);
      await().atMost(Duration.ofSeconds(10)).until(() -> !retriesAt.isEmpty());
      clock.advance(Duration.ofMinutes(1));

      List<ExecutionRecord> history = live.getHistory("etl", 5);
      assertThat(history)
          .extracting(ExecutionRecord::attempt, ExecutionRecord::trigger, ExecutionRecord::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(2, Trigger.RETRY, ExecutionStatus.SUCCEEDED),
              org.assertj.core.groups.Tuple.tuple(1, Trigger.SCHEDULED, ExecutionStatus.ABANDONED));
      assertThat(history.get(0).scheduledTime()).isEqualTo(slot);
      assertThat(history.get(1).error()).contains("'dead' stopped heart-beating");
    }
  }

  @Test
  void a_listener_throwing_an_error_for_a_run_abandoned_elsewhere_does_not_stop_maintenance() {
    Instant slot = START.minus(Duration.ofMinutes(10));
    try (JpaScheduleStore deadInstance =
        JpaScheduleStore.open(config("dead").persistSchedules(true).build())) {
      deadInstance.insertRun(
          ExecutionRecord.running("dead-run", "etl", slot, slot, 1, Trigger.SCHEDULED, "dead"));
    }
    try (PipelineScheduler live = started("live")) {
      live.addListener(
          new SchedulerListener() {
            @Override
            public void onRunFailed(ExecutionRecord failed) {
              throw new AssertionError("a listener's bug");
            }
          });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> live.getRun("dead-run").orElseThrow().status() == ExecutionStatus.ABANDONED);

      try (JpaScheduleStore deadAgain = JpaScheduleStore.open(config("dead").build())) {
        deadAgain.insertRun(
            ExecutionRecord.running(
                "dead-run-2", "etl", slot.plusSeconds(1), slot, 1, Trigger.MANUAL, "dead"));
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> live.getRun("dead-run-2").orElseThrow().status() == ExecutionStatus.ABANDONED);
    }
  }

  @Test
  void a_run_marked_abandoned_by_another_instance_is_stopped_here_and_stays_abandoned()
      throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean sawCancelled =
        new java.util.concurrent.atomic.AtomicBoolean();
    try (PipelineScheduler live = started("live")) {
      live.schedule("long")
          .manual()
          .run(
              context -> {
                started.countDown();
                while (!context.isCancelled()) {
                  Thread.onSpinWait();
                }
                sawCancelled.set(true);
              });
      ExecutionRecord run = live.startRun("long");
      assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      try (JpaScheduleStore other = JpaScheduleStore.open(config("other").build())) {
        assertThat(other.markAbandoned(run.runId(), clock.instant(), "looked dead")).isTrue();
      }

      await().atMost(Duration.ofSeconds(10)).until(sawCancelled::get);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> live.healthCheck().metrics().running() == 0);

      ExecutionRecord stored = live.getRun(run.runId()).orElseThrow();
      assertThat(stored.status()).isEqualTo(ExecutionStatus.ABANDONED);
      assertThat(stored.error()).isEqualTo("looked dead");
    }
  }

  /**
   * A run's end is written before its listeners are told and it stops counting as in flight; a
   * heartbeat in between found it final in the store and stopped it as "marked ABANDONED by another
   * instance" (a WARN for a run that simply succeeded; seen by the thousand in W4).
   */
  @Test
  void a_run_that_ended_here_is_not_taken_for_abandoned_while_it_is_being_completed()
      throws Exception {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    Logger runsInFlight =
        (Logger) LoggerFactory.getLogger("io.pipelinescheduler.internal.engine.RunsInFlight");
    Level level = runsInFlight.getLevel();
    runsInFlight.setLevel(Level.ALL);
    logged.start();
    runsInFlight.addAppender(logged);
    // Sharing its schedules, it heart-beats as an instance: the test waits for those beats, by the
    // real clock (the settable one would wait for the run in flight, which waits for the test).
    try (PipelineScheduler live =
        PipelineScheduler.create(
            config("live").persistSchedules(true).clock(Clock.systemUTC()).build())) {
      live.start();
      live.addListener(
          new SchedulerListener() {
            @Override
            public void onRunSucceeded(ExecutionRecord run) {
              // The end is stored; the run is still in flight here while this listener runs.
              awaitHeartbeatsOf("live", 3);
            }
          });
      live.schedule("quick").manual().run(context -> {});

      ExecutionRecord run = live.startRun("quick");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> live.healthCheck().metrics().running() == 0);
      assertThat(live.getRun(run.runId()).orElseThrow().status())
          .isEqualTo(ExecutionStatus.SUCCEEDED);
    } finally {
      runsInFlight.detachAppender(logged);
      runsInFlight.setLevel(level);
    }
    assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
  }

  /**
   * Waits until the instance has written {@code beats} more heartbeats (by the real clock): its
   * maintenance (one thread; every task once each heartbeat interval) has run in between.
   */
  private void awaitHeartbeatsOf(String instance, int beats) {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("shared.db"));
        Statement jdbc = connection.createStatement()) {
      for (int i = 0; i < beats; i++) {
        long before = heartbeatMicros(jdbc, instance);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> heartbeatMicros(jdbc, instance) > before);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long heartbeatMicros(Statement jdbc, String instance) throws SQLException {
    try (ResultSet row =
        jdbc.executeQuery(
            "SELECT heartbeat_at FROM ps_instances WHERE instance_id = '" + instance + "'")) {
      return row.next() ? row.getLong(1) : Long.MIN_VALUE;
    }
  }

  @Test
  void runs_older_than_the_retention_are_deleted_in_the_background() {
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(config("a").historyRetention(Duration.ofHours(2)).build())) {
      scheduler.start();
      scheduler.scheduleInterval("poll", context -> {}, Duration.ofMinutes(10));
      clock.advance(Duration.ofHours(1));
      scheduler.disable("poll");
      assertThat(scheduler.getHistory("poll", 10)).hasSize(6);

      clock.advance(Duration.ofHours(3));

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> scheduler.getHistory("poll", 10).isEmpty());
    }
  }

  private void sql(String statement) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("shared.db"));
        Statement jdbc = connection.createStatement()) {
      jdbc.executeUpdate(statement);
    }
  }
}
