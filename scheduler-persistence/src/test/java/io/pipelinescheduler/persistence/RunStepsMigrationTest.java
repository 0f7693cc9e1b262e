package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Pipeline;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.StepOutcome;
import io.pipelinescheduler.Trigger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schema version 4 adds the steps column of ps_runs: a database of version 3 (its shipped script,
 * kept as a test resource) is migrated on SQLite and PostgreSQL keeping its runs, which come back
 * without step outcomes, and then keeps the step outcomes of new runs; and a pipeline run's step
 * outcomes survive a restart of the scheduler on either database.
 */
class RunStepsMigrationTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;

  private String pgUrl;

  private SchedulerConfig config(String kind) {
    if (kind.equals("sqlite")) {
      return SchedulerConfig.builder().dbPath(directory.resolve("v3.db")).build();
    }
    PostgresServer postgres = PostgresServer.shared();
    return SchedulerConfig.builder()
        .dbUrl(pgUrl())
        .dbUser(postgres.user())
        .dbPassword(postgres.password())
        .build();
  }

  private String pgUrl() {
    if (pgUrl == null) {
      pgUrl = PostgresServer.shared().newSchemaUrl("steps");
    }
    return pgUrl;
  }

  private Connection connect(String kind) throws SQLException {
    return kind.equals("sqlite")
        ? DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("v3.db"))
        : PostgresServer.shared().connect(pgUrl());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_database_of_schema_version_3_is_migrated_to_4_keeping_its_runs(String kind)
      throws Exception {
    List<String> statements =
        new ArrayList<>(ScheduleTableAcrossInstancesTest.script("schema-" + kind + "-v3.sql"));
    statements.add(
        "INSERT INTO ps_schema_version (version, installed_at, description)"
            + " VALUES (3, 0, 'version 3')");
    statements.add(
        "INSERT INTO ps_runs (run_id, schedule_name, scheduled_at, fence_slot_at, attempt,"
            + " run_trigger, status, success, started_at, finished_at, duration_us, error, output,"
            + " node, heartbeat_at) VALUES ('run-v3', 'etl', 1000000, 1000000, 1,"
            + " 'SCHEDULED', 'FAILED', FALSE, 1000000, 2000000, 1000000, 'boom', 'old output',"
            + " 'old', NULL)");
    try (Connection connection = connect(kind);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }

    try (JpaScheduleStore store = JpaScheduleStore.open(config(kind))) {
      ExecutionRecord old = store.findRun("run-v3").orElseThrow();
      assertThat(old.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(old.error()).isEqualTo("boom");
      assertThat(old.output()).isEqualTo("old output");
      assertThat(old.steps()).isEmpty();
      assertThat(store.findHistory("etl", 5)).containsExactly(old);

      ExecutionRecord run =
          ExecutionRecord.running("run-v4", "etl", T0, T0, 1, Trigger.SCHEDULED, "new");
      store.insertRun(run);
      ExecutionRecord ended =
          run.finish(ExecutionStatus.SUCCEEDED, T0.plusSeconds(2), Duration.ofSeconds(2), null, "")
              .withSteps(
                  List.of(
                      new StepOutcome(
                          "extract", ExecutionStatus.SUCCEEDED, Duration.ofSeconds(1), 2, null)));
      store.updateRun(ended);
      assertThat(store.findRun("run-v4")).contains(ended);
    }
    try (Connection connection = connect(kind);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT max(version) FROM ps_schema_version")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(4);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void the_step_outcomes_of_a_pipeline_run_survive_a_restart(String kind) throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Pipeline etl =
        Pipeline.named("etl")
            .step(
                "extract",
                context -> {
                  if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("busy");
                  }
                })
            .retries(1, Duration.ZERO)
            .step(
                "notify",
                context -> {
                  throw new IllegalStateException("mail server down");
                })
            .continueOnFailure();
    ExecutionRecord ran;
    try (PipelineScheduler scheduler = PipelineScheduler.create(config(kind))) {
      scheduler.start();
      scheduler.schedule("etl").manual().run(etl);
      ran = scheduler.runNow("etl").get(30, TimeUnit.SECONDS);
    }

    try (PipelineScheduler reopened = PipelineScheduler.create(config(kind))) {
      ExecutionRecord read = reopened.getRun(ran.runId()).orElseThrow();

      assertThat(read.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(read.failedSteps()).containsExactly("notify");
      assertThat(read.steps()).isEqualTo(ran.steps());
      assertThat(read.steps())
          .extracting(StepOutcome::name, StepOutcome::attempts)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("extract", 2),
              org.assertj.core.groups.Tuple.tuple("notify", 1));
    }
  }
}
