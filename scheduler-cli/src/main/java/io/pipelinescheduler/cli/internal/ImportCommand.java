package io.pipelinescheduler.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code import FILE}: creates or replaces schedules from an export, all or none. */
@Command(
    name = "import",
    description = {
      "Create or replace the schedules of an export (a JSON array of {name, definition}, or one).",
      "All entries are checked first: when one is invalid, nothing is stored."
    },
    mixinStandardHelpOptions = true)
public final class ImportCommand extends BackendCommand {
  @Parameters(paramLabel = "FILE", description = "The JSON file, or - for stdin.")
  String file;

  @Override
  int run(Backend backend) {
    List<String> names = backend.importSchedules(read());
    report(names, "imported " + names.size() + ": " + String.join(", ", names));
    return ExitCode.OK;
  }

  private String read() {
    try {
      if (file.equals("-")) {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCode.USAGE, "cannot read '" + file + "': " + e);
    }
  }
}
