package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.testing.SettableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL outage while a run is inside its job (issue 14, item 4): the run's end is kept and
 * written when the database is back; the live instance never abandons its own run, another live
 * instance does not mistake the outage for a dead instance, and the job runs once although retries
 * are configured. The heartbeat timeout is judged on a settable clock; the outage is real.
 */
class RunEndsAcrossOutageTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant SLOT = T0.plusSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path data;
  private int port;
  private EmbeddedPostgres server;
  private final SettableClock clock = new SettableClock(T0);
  private final AtomicInteger executions = new AtomicInteger();
  private final CountDownLatch inside = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = start();
  }

  @AfterEach
  void stopServer() throws IOException {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  private EmbeddedPostgres start() {
    return PostgresServer.startEmbedded(
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(port));
  }

  private PipelineScheduler scheduler(String instanceId, Duration heartbeatInterval) {
    return PipelineScheduler.create(
        SchedulerConfig.builder()
            .dbUrl("jdbc:postgresql://localhost:" + port + "/postgres")
            .dbUser("postgres")
            .clock(clock)
            .instanceId(instanceId)
            .heartbeatInterval(heartbeatInterval)
            .heartbeatTimeout(Duration.ofSeconds(5))
            .meterRegistry(new SimpleMeterRegistry())
            .build());
  }

  /** A once job at SLOT, retried up to 3 times, that counts its executions and waits inside. */
  private void register(PipelineScheduler scheduler) {
    scheduler
        .schedule("report")
        .once(SLOT)
        .retries(3, Duration.ofSeconds(1))
        .run(
            context -> {
              executions.incrementAndGet();
              inside.countDown();
              release.await(2, TimeUnit.MINUTES);
            });
  }

  @Test
  void a_run_that_ends_while_the_database_is_down_is_recorded_succeeded_once_it_is_back()
      throws Exception {
    try (PipelineScheduler scheduler = scheduler("alive", Duration.ofMillis(100))) {
      register(scheduler);
      scheduler.start();
      clock.advanceWithoutWaiting(Duration.ofSeconds(60));
      assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();

      server.close();
      server = null;
      clock.advanceWithoutWaiting(Duration.ofSeconds(30)); // the heartbeat is long stale
      release.countDown();
      await()
          .atMost(WAIT)
          .until(() -> scheduler.healthCheck().details().get("runWritesWaiting").equals(1));
      server = start();

      await()
          .atMost(WAIT)
          .ignoreException(SchedulerException.class)
          .until(() -> onlyRun(scheduler).status().isFinal());
      clock.advance(Duration.ofHours(1)); // a retry, had there been one, runs now

      assertThat(onlyRun(scheduler).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(scheduler.getHistory("report", 10)).hasSize(1);
      assertThat(executions).hasValue(1);
      assertThat(scheduler.healthCheck().details()).containsEntry("runWritesWaiting", 0);
    }
  }

  @Test
  void with_the_system_clock_a_run_ending_in_an_outage_is_written_by_the_record_thread_once_back()
      throws Exception {
    // Real time: ends go through the record thread. The heartbeat timeout is far shorter than the
    // outage (stopping and starting PostgreSQL takes seconds), so the run's heartbeat is stale
    // when the database is back.
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbUrl("jdbc:postgresql://localhost:" + port + "/postgres")
                .dbUser("postgres")
                .instanceId("alive")
                .heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(Duration.ofMillis(500))
                .meterRegistry(new SimpleMeterRegistry())
                .build())) {
      scheduler
          .schedule("report")
          .once(Instant.now().plusSeconds(1))
          .retries(3, Duration.ofMillis(100))
          .run(
              context -> {
                executions.incrementAndGet();
                inside.countDown();
                release.await(2, TimeUnit.MINUTES);
              });
      scheduler.start();
      assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();

      server.close();
      server = null;
      release.countDown();
      await()
          .atMost(WAIT)
          .until(() -> scheduler.healthCheck().details().get("runWritesWaiting").equals(1));
      server = start();

      await()
          .atMost(WAIT)
          .ignoreException(SchedulerException.class)
          .until(() -> onlyRun(scheduler).status().isFinal());
      assertThat(onlyRun(scheduler).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(executions).hasValue(1);
    }
  }

  @Test
  void after_an_outage_another_instance_does_not_abandon_a_run_whose_instance_is_alive()
      throws Exception {
    try (PipelineScheduler owner = scheduler("owner", Duration.ofSeconds(2));
        PipelineScheduler other = scheduler("other", Duration.ofMillis(100))) {
      register(owner);
      other.schedule("unrelated").manual().run(context -> {});
      owner.start();
      other.start();
      clock.advanceWithoutWaiting(Duration.ofSeconds(60));
      assertThat(inside.await(60, TimeUnit.SECONDS)).isTrue();
      String runId = onlyRun(owner).runId();

      server.close();
      server = null;
      clock.advanceWithoutWaiting(Duration.ofSeconds(30)); // no heartbeat could be written
      await().atMost(WAIT).until(() -> other.healthCheck().details().get("lastError") != null);
      server = start();
      Instant afterOutage = clock.instant();
      await()
          .atMost(WAIT)
          .ignoreExceptions()
          .until(() -> !heartbeat(runId).isBefore(afterOutage)); // the owner beat again
      release.countDown();

      await()
          .atMost(WAIT)
          .ignoreException(SchedulerException.class)
          .until(() -> onlyRun(owner).status().isFinal());
      assertThat(onlyRun(owner).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(executions).hasValue(1);
    }
  }

  private static ExecutionRecord onlyRun(PipelineScheduler scheduler) {
    List<ExecutionRecord> history = scheduler.getHistory("report", 10);
    assertThat(history).hasSize(1);
    return history.get(0);
  }

  /** The run's heartbeat as stored (microseconds since the epoch). */
  private Instant heartbeat(String runId) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
        PreparedStatement query =
            connection.prepareStatement("SELECT heartbeat_at FROM ps_runs WHERE run_id = ?")) {
      query.setString(1, runId);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        long micros = row.getLong(1);
        return row.wasNull() ? Instant.EPOCH : Instant.EPOCH.plusNanos(micros * 1_000);
      }
    }
  }
}
