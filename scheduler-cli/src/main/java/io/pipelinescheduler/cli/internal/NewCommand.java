package io.pipelinescheduler.cli.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code new}: builds a workflow of command steps by asking, then stores it. */
@Command(
    name = "new",
    description = {
      "Build a workflow (a pipeline of command steps) by answering questions, then store it.",
      "Every question has a default (Enter takes it); answers can be piped in, one per line."
    },
    mixinStandardHelpOptions = true)
public final class NewCommand extends BackendCommand {
  @Override
  int run(Backend backend) {
    Set<String> taken =
        backend.schedules().stream()
            .map(schedule -> text(schedule, "name"))
            .collect(Collectors.toSet());
    Prompter prompter =
        new Prompter(
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
            err(),
            System.console() != null);
    Map<String, Object> entry = new WorkflowWizard(prompter, taken).ask();
    String name = (String) entry.get("name");
    String json = Json.write(List.of(entry));
    err().println(json);
    if (!prompter.yes("Store " + name + "?", true)) {
      err().println("not stored");
      err().flush();
      return ExitCode.OK;
    }
    backend.importSchedules(json);
    report(entry, "created " + name + (taken.contains(name) ? " (replaced)" : ""));
    return ExitCode.OK;
  }
}
