package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.testing.SettableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL server that stops while the store is open, then comes back. Always an embedded
 * server of its own (even when an external one is configured), since the test stops it.
 */
class PostgresOutageTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path data;
  private EmbeddedPostgres server;

  @AfterEach
  void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private EmbeddedPostgres start(int port) {
    return PostgresServer.startEmbedded(
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(port));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void calls_fail_with_a_scheduler_exception_while_the_server_is_down_and_work_again_after()
      throws Exception {
    int port = freePort();
    server = start(port);
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl(server.getJdbcUrl("postgres", "postgres"))
            .dbUser("postgres")
            .build();
    try (JpaScheduleStore store = JpaScheduleStore.open(config)) {
      StoredSchedule report =
          new StoredSchedule(
              "report", ScheduleType.HOURLY, "0", ZoneOffset.UTC, true, T0, null, null, null, 0);
      store.saveSchedule(report);
      ExecutionRecord before =
          ExecutionRecord.running("run-1", "report", T0, T0, 1, Trigger.SCHEDULED, "node-a");
      store.insertRun(before);

      server.close();
      server = null;

      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            assertThatThrownBy(store::findSchedules)
                .isInstanceOf(SchedulerException.class)
                .hasMessageContaining("PostgreSQL database jdbc:postgresql://localhost:" + port);
            assertThatThrownBy(
                    () ->
                        store.insertRun(
                            ExecutionRecord.running(
                                "run-2",
                                "report",
                                T0.plusSeconds(3600),
                                T0,
                                1,
                                Trigger.SCHEDULED,
                                "node-a")))
                .isInstanceOf(SchedulerException.class);
            assertThatThrownBy(() -> store.findHistory("report", 10))
                .isInstanceOf(SchedulerException.class);
          });
      assertThat(store.healthDetails()).containsEntry("type", "postgresql");

      server = start(port);

      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreException(SchedulerException.class)
          .untilAsserted(() -> assertThat(store.findSchedule("report")).contains(report));
      assertThat(store.findHistory("report", 10)).containsExactly(before);
      ExecutionRecord after =
          ExecutionRecord.running(
              "run-3",
              "report",
              T0.plusSeconds(3600),
              T0.plusSeconds(3600),
              1,
              Trigger.SCHEDULED,
              "node-a");
      assertThat(store.insertRun(after)).isTrue();
      assertThat(store.findHistory("report", 10)).containsExactly(after, before);
      assertThat(List.of(store.findRun("run-2"))).containsExactly(java.util.Optional.empty());
    }
  }

  @Test
  void the_scheduler_reports_degraded_while_the_database_is_down_and_goes_on_when_it_is_back()
      throws Exception {
    int port = freePort();
    server = start(port);
    SettableClock clock = new SettableClock(T0);
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl(server.getJdbcUrl("postgres", "postgres"))
            .dbUser("postgres")
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.scheduleHourly("report", context -> {}, 0);
      scheduler.start();
      clock.advance(Duration.ofHours(1)); // 09:00 runs
      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);

      server.close();
      server = null;
      clock.advance(Duration.ofHours(1)); // 10:00 cannot be recorded

      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.DEGRADED);
      assertThat(scheduler.healthCheck().details().get("lastError"))
          .asString()
          .contains("postgresql");

      server = start(port);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreException(SchedulerException.class)
          .until(() -> scheduler.getHistory("report", 10).size() == 1);
      clock.advance(Duration.ofHours(1)); // 11:00 runs again

      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);
      assertThat(scheduler.getHistory("report", 10))
          .extracting(ExecutionRecord::scheduledTime)
          .containsExactly(T0.plusSeconds(3 * 3600), T0.plusSeconds(3600));
    }
  }
}
