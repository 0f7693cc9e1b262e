package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code health}: the scheduler's health, or with {@code --db} whether the database answers. */
@Command(
    name = "health",
    description = {
      "Show the scheduler's health (UP, DEGRADED, DOWN); exit 7 when DOWN.",
      "With --db: whether the database answers, and how many schedules it holds."
    },
    mixinStandardHelpOptions = true)
public final class HealthCommand extends BackendCommand {
  @Override
  int run(Backend backend) {
    Backend.HealthReport health = backend.health();
    JsonNode body = health.body();
    if (json()) {
      printJson(body);
    } else {
      Table table = new Table("FIELD", "VALUE");
      table.row("status", text(body, "status"));
      if (body.has("running")) {
        JsonNode m = body.path("metrics");
        table.row("running", body.path("running").asBoolean() ? "yes" : "no");
        table.row("schedules", text(m, "schedules"));
        table.row("runs", text(m, "totalRuns"));
        table.row("failed", text(m, "failed"));
        table.row("runs now", text(m, "running"));
      } else {
        table.row("store", text(body, "store"));
        table.row("schedules", text(body, "schedules"));
      }
      body.path("details")
          .fields()
          .forEachRemaining(
              field ->
                  table.row(
                      field.getKey(),
                      field.getValue().isValueNode()
                          ? field.getValue().asText()
                          : field.getValue().toString()));
      table.print(out());
    }
    return health.down() ? ExitCode.DOWN : ExitCode.OK;
  }
}
