package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
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

  @Option(
      names = "--poll-interval",
      defaultValue = "PT0.2S",
      hidden = true,
      description = "How often a run is asked for while waiting (ISO-8601).")
  Duration pollInterval;

  @Override
  int run(Backend backend) {
    JsonNode started = backend.startRun(name);
    String runId = text(started, "runId");
    if (!await && !follow) {
      if (json()) {
        printJson(started);
      } else {
        out().println("started run " + runId + " of " + name);
        out().flush();
      }
      return ExitCode.OK;
    }
    if (!json()) {
      err().println("started run " + runId + " of " + name);
      err().flush();
    }
    JsonNode ended =
        new RunFollower(backend, pollInterval).follow(runId, follow && !json() ? out() : null);
    return Ended.report(ended, json(), this);
  }
}
