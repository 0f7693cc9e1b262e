package io.pipelinescheduler.cli.internal;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cancel RUN}: asks a run to stop. */
@Command(
    name = "cancel",
    description = "Ask a running run to stop (needs the REST API of the instance running it).",
    mixinStandardHelpOptions = true)
public final class CancelCommand extends BackendCommand {
  @Parameters(paramLabel = "RUN", description = "The run's id (see history, or run's answer).")
  String runId;

  @Override
  int run(Backend backend) {
    backend.cancel(runId);
    report(Map.of("runId", runId, "cancelRequested", true), "asked run " + runId + " to stop");
    return ExitCode.OK;
  }
}
