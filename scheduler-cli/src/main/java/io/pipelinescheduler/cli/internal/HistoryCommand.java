package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code history NAME}: a schedule's latest runs. */
@Command(
    name = "history",
    description = "Show a schedule's latest runs, newest first.",
    mixinStandardHelpOptions = true)
public final class HistoryCommand extends BackendCommand {
  @Parameters(paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  @Option(
      names = {"-n", "--limit"},
      defaultValue = "20",
      description = "How many runs, 1 to 1000 (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  int run(Backend backend) {
    if (limit < 1 || limit > 1000) {
      throw new CliException(ExitCode.USAGE, "--limit must be 1 to 1000, was " + limit);
    }
    List<JsonNode> runs = backend.history(name, limit);
    if (json()) {
      printJson(runs);
      return ExitCode.OK;
    }
    Table table =
        new Table("RUN ID", "STATUS", "STARTED", "DURATION", "ATTEMPT", "TRIGGER", "ERROR");
    for (JsonNode run : runs) {
      table.row(
          text(run, "runId"),
          RunStatusText.of(run),
          text(run, "startedAt"),
          run.path("durationMillis").asLong() + " ms",
          text(run, "attempt"),
          text(run, "trigger"),
          text(run, "error"));
    }
    table.print(out());
    return ExitCode.OK;
  }
}
