package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.testing.SettableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL's postmaster killed with SIGKILL while the scheduler is idle: no run is due, so only
 * the health check itself can notice. Always an embedded server of its own, since the test kills
 * it.
 */
class PostgresPostmasterKilledTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path data;
  private EmbeddedPostgres server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      try {
        server.close(); // pg_ctl stop finds no server; what matters is that nothing is left
      } catch (IOException | RuntimeException e) {
        // the server is already dead
      }
    }
  }

  /** Dead: gone, or a zombie nobody reaped yet (its sockets are closed either way). */
  private static boolean dead(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void health_is_degraded_at_the_first_check_after_the_postmaster_is_killed() throws Exception {
    server =
        PostgresServer.startEmbedded(
            EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false));
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
      await().until(() -> scheduler.getHistory("report", 10).size() == 1);
      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);
      long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0));
      List<Long> backends =
          ProcessHandle.of(postmaster).orElseThrow().children().map(ProcessHandle::pid).toList();
      assertThat(backends).isNotEmpty();

      ProcessHandle.of(postmaster).orElseThrow().destroyForcibly(); // SIGKILL
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> dead(postmaster) && backends.stream().allMatch(pid -> dead(pid)));
      HealthStatus health = scheduler.healthCheck();

      assertThat(health.status()).isEqualTo(Health.DEGRADED);
      assertThat(health.details().get("storeError"))
          .asString()
          .contains("PostgreSQL database jdbc:postgresql://localhost:")
          .contains("does not answer");
    }
  }
}
