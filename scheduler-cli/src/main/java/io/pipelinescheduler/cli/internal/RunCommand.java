package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code run NAME}: starts a run now, and optionally waits for it or follows its output. */
@Command(
    name = "run",
    description = "Start a run of a schedule now (needs the REST API).",
    mixinStandardHelpOptions = true)
public final class RunCommand extends BackendCommand {
  @Parameters(paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  @Option(
      names = {"-w", "--wait"},
      description = "Wait until the run ends; exit 6 when it did not succeed.")
  boolean await;

  @Option(
      names = {"-f", "--follow"},
      description = "Print the run's output as it comes until the run ends (implies --wait).")
  boolean follow;

  @Mixin PollInterval pollInterval;

  @Override
  int run(Backend backend) {
    JsonNode started = backend.startRun(name);
    String runId = text(started, "runId");
    if (!await && !follow) {
      report(started, "started run " + runId + " of " + name);
      return ExitCode.OK;
    }
    if (!json()) {
      err().println("started run " + runId + " of " + name);
      err().flush();
    }
    JsonNode ended =
        new RunFollower(backend, pollInterval.value)
            .follow(runId, follow && !json() ? out() : null);
    return Ended.report(ended, json(), this);
  }
}
