package io.pipelinescheduler.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: the data-defined schedules as JSON, the format {@code import} reads. */
@Command(
    name = "export",
    description = {
      "Print the data-defined schedules as JSON, the format import reads.",
      "Over the API secrets are masked (***); --db exports them as stored."
    },
    mixinStandardHelpOptions = true)
public final class ExportCommand extends BackendCommand {
  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to this file instead of stdout.")
  Path output;

  @Override
  int run(Backend backend) {
    String json = backend.export();
    if (output == null) {
      out().println(json);
      out().flush();
      return ExitCode.OK;
    }
    try {
      Files.writeString(output, json + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCode.ERROR, "cannot write '" + output + "': " + e.getMessage());
    }
    return ExitCode.OK;
  }
}
