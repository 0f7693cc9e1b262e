package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code list}: every schedule. */
@Command(
    name = "list",
    description = "List every schedule: timing, enabled, next run, last outcome.",
    mixinStandardHelpOptions = true)
public final class ListCommand extends BackendCommand {
  @Override
  int run(Backend backend) {
    List<JsonNode> schedules = backend.schedules();
    if (json()) {
      printJson(schedules);
      return ExitCode.OK;
    }
    Table table = new Table("NAME", "TYPE", "TIMING", "ENABLED", "NEXT RUN", "LAST");
    for (JsonNode s : schedules) {
      table.row(
          text(s, "name"),
          text(s, "type"),
          text(s, "description"),
          s.path("enabled").asBoolean() ? "yes" : "no",
          text(s, "nextRun"),
          text(s, "lastOutcome"));
    }
    table.print(out());
    return ExitCode.OK;
  }
}
