package io.pipelinescheduler.persistence;

import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Changes travel through the store's change feed, not the periodic refresh (set to an hour here): a
 * schedule created, disabled, edited by hand or removed on one instance is followed by another
 * sharing the store, on SQLite (the change log) and PostgreSQL (LISTEN/NOTIFY). Real clock.
 */
class ScheduleChangesFollowedTest {
  private static final Duration FOLLOWED = Duration.ofSeconds(10);

  @TempDir Path directory;

  private String pgUrl;

  private PipelineScheduler started(String kind, String instance) {
    SchedulerConfig.Builder config =
        SchedulerConfig.builder()
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId(instance)
            .refreshInterval(Duration.ofHours(1))
            .shutdownGrace(Duration.ofSeconds(1));
    if (kind.equals("sqlite")) {
      config.dbPath(directory.resolve("shared.db"));
    } else {
      PostgresServer postgres = PostgresServer.shared();
      if (pgUrl == null) {
        pgUrl = postgres.newSchemaUrl("changes");
      }
      config.dbUrl(pgUrl).dbUser(postgres.user()).dbPassword(postgres.password());
    }
    PipelineScheduler scheduler = PipelineScheduler.create(config.build());
    scheduler.registerJobType("report", (context, params) -> {});
    scheduler.start();
    return scheduler;
  }

  private Connection connect(String kind) throws SQLException {
    return kind.equals("sqlite")
        ? DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("shared.db"))
        : PostgresServer.shared().connect(pgUrl);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void another_instance_follows_creation_switching_edits_and_removal(String kind)
      throws SQLException {
    try (PipelineScheduler a = started(kind, "a");
        PipelineScheduler b = started(kind, "b")) {
      Instant at = Instant.now().plus(Duration.ofDays(1));

      a.schedule("invoice-1").once(at).run("report", Map.of("id", 1));
      await().atMost(FOLLOWED).until(() -> b.getSchedule("invoice-1").isPresent());

      a.schedule("daily").daily(java.time.LocalTime.of(9, 0)).run("report", Map.of());
      a.disable("daily");
      await()
          .atMost(FOLLOWED)
          .until(() -> b.getSchedule("daily").map(info -> !info.enabled()).orElse(false));

      try (Connection connection = connect(kind);
          Statement statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE ps_schedules SET enabled = TRUE WHERE name = 'daily'");
      }
      await()
          .atMost(FOLLOWED)
          .until(() -> b.getSchedule("daily").map(ScheduleInfo::enabled).orElse(false));
      await()
          .atMost(FOLLOWED)
          .until(() -> a.getSchedule("daily").map(ScheduleInfo::enabled).orElse(false));

      a.unschedule("invoice-1");
      await().atMost(FOLLOWED).until(() -> b.getSchedule("invoice-1").equals(Optional.empty()));
    }
  }
}
