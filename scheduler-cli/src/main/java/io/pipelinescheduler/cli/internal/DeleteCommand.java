package io.pipelinescheduler.cli.internal;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code delete NAME}. */
@Command(
    name = "delete",
    description = "Remove a schedule; its history is kept.",
    mixinStandardHelpOptions = true)
public final class DeleteCommand extends BackendCommand {
  @Parameters(paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  @Override
  int run(Backend backend) {
    backend.delete(name);
    report(Map.of("name", name, "deleted", true), "deleted " + name);
    return ExitCode.OK;
  }
}
