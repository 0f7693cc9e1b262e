package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tail RUN|SCHEDULE}: a run's output, live until the run ends. */
@Command(
    name = "tail",
    description = {
      "Print a run's output as it comes, until the run ends; exit 6 when it did not succeed.",
      "Give a run id, or a schedule's name for its latest run."
    },
    mixinStandardHelpOptions = true)
public final class TailCommand extends BackendCommand {
  @Parameters(paramLabel = "RUN|SCHEDULE", description = "A run id, or a schedule's name.")
  String target;

  @Mixin PollInterval pollInterval;

  @Override
  int run(Backend backend) {
    String runId = runId(backend);
    JsonNode ended =
        new RunFollower(backend, pollInterval.value).follow(runId, json() ? null : out());
    return Ended.report(ended, json(), this);
  }

  private String runId(Backend backend) {
    try {
      return text(backend.run(target), "runId");
    } catch (CliException e) {
      if (e.exitCode() != ExitCode.NOT_FOUND) {
        throw e;
      }
    }
    List<JsonNode> latest;
    try {
      latest = backend.history(target, 1);
    } catch (CliException e) {
      if (e.exitCode() == ExitCode.NOT_FOUND) {
        throw new CliException(ExitCode.NOT_FOUND, "no run and no schedule named '" + target + "'");
      }
      throw e;
    }
    if (latest.isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "schedule '" + target + "' has no runs yet");
    }
    return text(latest.get(0), "runId");
  }
}
