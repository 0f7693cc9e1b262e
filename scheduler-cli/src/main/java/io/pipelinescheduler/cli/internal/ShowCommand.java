package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code show NAME}: one schedule with its definition and next runs. */
@Command(
    name = "show",
    description = "Show one schedule: timing, state, last run, definition, next runs.",
    mixinStandardHelpOptions = true)
public final class ShowCommand extends BackendCommand {
  @Parameters(paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  @Override
  int run(Backend backend) {
    JsonNode s = backend.schedule(name);
    if (json()) {
      printJson(s);
      return ExitCode.OK;
    }
    Table table = new Table("FIELD", "VALUE");
    table.row("name", text(s, "name"));
    table.row("type", text(s, "type"));
    table.row("timing", text(s, "description"));
    table.row("spec", text(s, "spec"));
    table.row("zone", text(s, "timezone"));
    table.row("enabled", s.path("enabled").asBoolean() ? "yes" : "no");
    table.row("next run", text(s, "nextRun"));
    JsonNode last = s.path("lastRun");
    table.row(
        "last run",
        last.isObject()
            ? RunStatusText.of(last) + " " + text(last, "startedAt") + " " + text(last, "runId")
            : null);
    table.row("data-defined", s.path("dataDefined").asBoolean() ? "yes" : "no");
    table.print(out());
    if (s.path("nextRuns").isArray() && !s.path("nextRuns").isEmpty()) {
      out().println("next runs:");
      s.path("nextRuns").forEach(time -> out().println("  " + time.asText()));
    }
    if (s.path("definition").isObject()) {
      out().println("definition:");
      out().println(Json.write(s.path("definition")));
    }
    out().flush();
    return ExitCode.OK;
  }
}
