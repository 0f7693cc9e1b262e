package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run claimed (QUEUED) by instance A and waiting for A's only worker, while A alone is cut off
 * from PostgreSQL (a real partition: A connects through a TCP proxy the test cuts) for longer than
 * the heartbeat timeout, so that instance B, which reaches the database, takes the run over. A must
 * not run it too when its worker gets to it; and a run whose start A cannot write is not lost. The
 * heartbeat timeout is judged on a settable clock shared by both instances.
 */
class QueuedRunPartitionTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant BUSY_SLOT = T0.plusSeconds(60);
  private static final Instant REPORT_SLOT = T0.plusSeconds(61);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path data;
  private EmbeddedPostgres server;
  private int port;
  private TcpProxy proxy;
  private final SettableClock clock = new SettableClock(T0);
  private final AtomicInteger reportRuns = new AtomicInteger();
  private final AtomicInteger reportFailuresOnA = new AtomicInteger();
  private final CountDownLatch busyInside = new CountDownLatch(1);
  private final CountDownLatch releaseBusy = new CountDownLatch(1);
  private final CountDownLatch releaseOnB = new CountDownLatch(1);
  private final List<PipelineScheduler> schedulers = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server =
        PostgresServer.startEmbedded(
            EmbeddedPostgres.builder().setDataDirectory(data).setPort(port));
    proxy = new TcpProxy(port);
  }

  @AfterEach
  void stopAll() throws IOException {
    releaseBusy.countDown();
    releaseOnB.countDown();
    proxy.restore();
    for (PipelineScheduler scheduler : schedulers) {
      scheduler.close();
    }
    proxy.close();
    server.close();
  }

  /** Instance A (through the proxy): one worker, a job holding it, and the report behind it. */
  private PipelineScheduler instanceA() {
    PipelineScheduler a = scheduler("A", proxy.port());
    a.schedule("busy")
        .once(BUSY_SLOT)
        .run(
            context -> {
              busyInside.countDown();
              awaitIgnoringInterrupts(releaseBusy); // A stopping it (B abandoned it) frees nothing
            });
    a.schedule("report")
        .once(REPORT_SLOT)
        .retries(1, Duration.ofSeconds(1))
        .run(context -> reportRuns.incrementAndGet());
    a.schedule("later").manual().run(context -> {});
    a.addListener(
        new SchedulerListener() {
          @Override
          public void onRunFailed(ExecutionRecord run) {
            if (run.scheduleName().equals("report")) {
              reportFailuresOnA.incrementAndGet();
            }
          }

          @Override
          public void onRetryScheduled(ExecutionRecord failed, Instant retryAt) {
            reportFailuresOnA.incrementAndGet();
          }
        });
    return a;
  }

  /** Instance B (straight to the database), with the same report job; it waits for releaseOnB. */
  private PipelineScheduler instanceB() {
    PipelineScheduler b = scheduler("B", port);
    b.schedule("report")
        .once(REPORT_SLOT)
        .run(
            context -> {
              reportRuns.incrementAndGet();
              releaseOnB.await(1, TimeUnit.MINUTES);
            });
    return b;
  }

  private PipelineScheduler scheduler(String instanceId, int databasePort) {
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbUrl("jdbc:postgresql://localhost:" + databasePort + "/postgres")
                .dbUser("postgres")
                .clock(clock)
                .instanceId(instanceId)
                .maxConcurrentRuns(1)
                .heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(TIMEOUT)
                .meterRegistry(new SimpleMeterRegistry())
                .build());
    schedulers.add(scheduler);
    return scheduler;
  }

  /** A starts, its busy job takes the worker, and the report is claimed (QUEUED) behind it. */
  private String reportQueuedBehindBusyWorker(PipelineScheduler a) throws Exception {
    a.start();
    clock.advanceWithoutWaiting(Duration.between(T0, BUSY_SLOT));
    assertThat(busyInside.await(20, TimeUnit.SECONDS)).isTrue();
    clock.advanceWithoutWaiting(Duration.between(BUSY_SLOT, REPORT_SLOT));
    await().atMost(WAIT).until(() -> reportRows().size() == 1);
    Row queued = reportRows().get(0);
    assertThat(queued.status()).isEqualTo("QUEUED");
    assertThat(queued.node()).isEqualTo("A");
    return queued.runId();
  }

  @Test
  void a_queued_run_taken_over_while_its_instance_was_cut_off_runs_once_in_total()
      throws Exception {
    PipelineScheduler a = instanceA();
    String runId = reportQueuedBehindBusyWorker(a);
    PipelineScheduler b = instanceB();
    b.start(); // finds the report's slot recorded: it does not claim it
    releaseOnB.countDown();

    proxy.cut();
    clock.advanceWithoutWaiting(TIMEOUT.multipliedBy(3)); // A's claim and heartbeats are stale
    await().atMost(WAIT).until(() -> reportRows().get(0).status().equals("SUCCEEDED"));
    releaseBusy.countDown(); // A's worker gets to the report while A cannot reach the database
    await()
        .atMost(WAIT)
        .until(() -> reportRuns.get() > 1 || !liveOn(a, runId)); // run, or dropped, on A

    assertThat(reportRuns).hasValue(1);
    proxy.restore();
    await().atMost(WAIT).until(() -> a.healthCheck().details().get("runWritesWaiting").equals(0));
    ExecutionRecord later = a.runNow("later").get(20, TimeUnit.SECONDS); // A runs jobs again
    assertThat(later.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(a.healthCheck().status()).isEqualTo(Health.UP);
    assertThat(reportRows()).containsExactly(new Row(runId, "SUCCEEDED", "B"));
    assertThat(reportRuns).hasValue(1);
  }

  @Test
  void a_run_taken_over_elsewhere_is_not_started_when_its_first_instance_reaches_the_store_again()
      throws Exception {
    PipelineScheduler a = instanceA();
    String runId = reportQueuedBehindBusyWorker(a);
    PipelineScheduler b = instanceB();
    b.start();

    proxy.cut();
    clock.advanceWithoutWaiting(TIMEOUT.multipliedBy(3));
    await().atMost(WAIT).until(() -> reportRows().get(0).equals(new Row(runId, "RUNNING", "B")));
    proxy.restore(); // A reaches the database while B still runs the report
    releaseBusy.countDown();
    await()
        .atMost(WAIT)
        .ignoreException(SchedulerException.class)
        .until(() -> reportRuns.get() > 1 || "B".equals(a.getRun(runId).orElseThrow().node()));

    assertThat(reportRuns).hasValue(1);
    releaseOnB.countDown();
    await().atMost(WAIT).until(() -> reportRows().get(0).status().equals("SUCCEEDED"));
    assertThat(reportRows()).containsExactly(new Row(runId, "SUCCEEDED", "B"));
    assertThat(reportRuns).hasValue(1);
  }

  @Test
  void a_queued_run_that_ended_elsewhere_is_neither_retried_nor_reported_failed_where_it_waited()
      throws Exception {
    PipelineScheduler a = instanceA();
    String runId = reportQueuedBehindBusyWorker(a);
    PipelineScheduler b = instanceB();
    b.start();
    releaseOnB.countDown();
    proxy.cut();
    clock.advanceWithoutWaiting(TIMEOUT.multipliedBy(3));
    await().atMost(WAIT).until(() -> reportRows().get(0).status().equals("SUCCEEDED"));

    proxy.restore(); // A's heartbeat learns that the run ended, while it still waits for the worker
    await()
        .atMost(WAIT)
        .ignoreException(SchedulerException.class)
        .until(() -> "B".equals(a.getRun(runId).orElseThrow().node())); // no longer in flight on A
    releaseBusy.countDown();
    ExecutionRecord later = a.runNow("later").get(20, TimeUnit.SECONDS); // after the report's turn
    clock.advance(Duration.ofHours(1)); // a retry, had one been scheduled, runs now

    assertThat(later.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(reportRows()).containsExactly(new Row(runId, "SUCCEEDED", "B"));
    assertThat(reportRuns).hasValue(1);
    assertThat(reportFailuresOnA).hasValue(0);
  }

  @Test
  void a_run_whose_start_cannot_be_written_stays_queued_and_runs_once_when_the_store_is_back()
      throws Exception {
    PipelineScheduler a = instanceA();
    String runId = reportQueuedBehindBusyWorker(a);

    proxy.cut();
    clock.advanceWithoutWaiting(TIMEOUT.multipliedBy(3));
    releaseBusy.countDown(); // the busy run's end waits; the report's start cannot be written
    await().atMost(WAIT).until(() -> !liveOn(a, runId));

    assertThat(reportRuns).hasValue(0);
    assertThat(reportRows()).containsExactly(new Row(runId, "QUEUED", "A"));
    proxy.restore();
    await().atMost(WAIT).until(() -> a.healthCheck().details().get("runWritesWaiting").equals(0));
    clock.advanceWithoutWaiting(TIMEOUT.plusSeconds(1)); // A reached the store a whole timeout ago
    await().atMost(WAIT).until(() -> reportRows().get(0).status().equals("SUCCEEDED"));
    clock.advanceWithoutWaiting(Duration.ofHours(1));
    assertThat(reportRows()).containsExactly(new Row(runId, "SUCCEEDED", "A"));
    assertThat(reportRuns).hasValue(1);
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        if (latch.await(1, TimeUnit.MINUTES)) {
          return;
        }
      } catch (InterruptedException ignored) {
        // keeps the worker, as a job that does not check isCancelled() would
      }
    }
  }

  /** Whether the run is in flight on this instance (while the store is unreachable from it). */
  private static boolean liveOn(PipelineScheduler scheduler, String runId) {
    try {
      return "A".equals(scheduler.getRun(runId).map(r -> r.node()).orElse(null))
          && !scheduler.getRun(runId).orElseThrow().status().isFinal();
    } catch (SchedulerException unreachable) {
      return false; // not in memory, so the store was asked
    }
  }

  private record Row(String runId, String status, String node) {}

  /** The report's runs as stored, read straight from the database. */
  private List<Row> reportRows() throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT run_id, status, node FROM ps_runs WHERE schedule_name = 'report'")) {
      List<Row> rows = new ArrayList<>();
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          rows.add(new Row(row.getString(1), row.getString(2), row.getString(3)));
        }
      }
      return rows;
    }
  }
}
