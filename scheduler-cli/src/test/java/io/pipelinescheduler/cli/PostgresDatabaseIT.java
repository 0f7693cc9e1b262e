package io.pipelinescheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.cli.CliProcess.Result;
import io.pipelinescheduler.persistence.JpaScheduleStoreProvider;
import io.pipelinescheduler.persistence.PostgresServer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar's {@code --db} with a JDBC URL: a real PostgreSQL, user and password from variables. */
class PostgresDatabaseIT {
  @Test
  void readsAndWritesSchedulesInPostgres() throws IOException {
    PostgresServer postgres = PostgresServer.shared();
    String url = postgres.newSchemaUrl("cli");
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl(url)
            .dbUser(postgres.user())
            .dbPassword(postgres.password())
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.importSchedules(
          "[{\"name\":\"pg_report\",\"definition\":{\"timing\":{\"kind\":\"daily\",\"at\":"
              + "\"06:00\"},\"job\":{\"kind\":\"command\",\"program\":\"echo\"}}}]");
    }
    Map<String, String> env = new HashMap<>();
    env.put("SCHEDULER_DB", url);
    if (postgres.user() != null) {
      env.put("SCHEDULER_DB_USER", postgres.user());
    }
    if (postgres.password() != null) {
      env.put("SCHEDULER_DB_PASSWORD", postgres.password());
    }

    Result listed = CliProcess.run(env, null, "list", "--json");
    assertThat(listed.exit()).as(listed.toString()).isZero();
    JsonNode schedules = new ObjectMapper().readTree(listed.out());
    assertThat(schedules.findValuesAsText("name")).containsExactly("pg_report");

    Result created = CliProcess.run(env, "", "new");
    assertThat(created.exit()).as(created.toString()).isZero();
    try (ScheduleStore store = new JpaScheduleStoreProvider().create(config)) {
      assertThat(store.findSchedule("workflow_1").orElseThrow().definition().toString())
          .contains("program=echo", "arguments=[task_1, done]");
    }
  }
}
