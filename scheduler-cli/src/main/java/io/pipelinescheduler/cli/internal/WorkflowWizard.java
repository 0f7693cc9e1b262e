package io.pipelinescheduler.cli.internal;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks, field by field, for a schedule whose job is a pipeline of command steps, and makes its
 * definition in the export format ({@code {"name", "definition"}}, docs/http.md). Every question
 * has a default; names default to {@code workflow_N} and {@code task_N}, the first ones not taken.
 * The order of the questions is listed in docs/cli.md.
 */
final class WorkflowWizard {
  private final Prompter prompter;
  private final Set<String> taken;

  /**
   * @param prompter where the answers come from
   * @param taken the names of the schedules that exist, skipped by the generated names
   */
  WorkflowWizard(Prompter prompter, Set<String> taken) {
    this.prompter = prompter;
    this.taken = taken;
  }

  /** The entry to import: {@code name} and {@code definition}. */
  Map<String, Object> ask() {
    String name = prompter.ask("Workflow name", free("workflow_", taken));
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put(
        "timing", prompter.ask("Timing (" + TimingText.FORMS + ")", "manual", TimingText::parse));
    String zone =
        prompter.ask(
            "Time zone, e.g. Europe/Berlin (none: the scheduler's)",
            "",
            text -> text.isEmpty() ? "" : ZoneId.of(text).getId());
    if (!zone.isEmpty()) {
      definition.put("zone", zone);
    }
    int retries = prompter.ask("Retries after a failed run", "0", WorkflowWizard::count);
    definition.put("maxRetries", retries);
    Duration delay =
        retries == 0
            ? Duration.ZERO
            : prompter.ask(
                "Delay before the first retry (doubles at each retry)", "1m", DurationText::parse);
    definition.put("firstRetryDelay", delay.toString());
    String timeout =
        prompter.ask(
            "Timeout of a whole run, e.g. 30m (none: no timeout)",
            "",
            text -> text.isEmpty() ? "" : DurationText.parse(text).toString());
    if (!timeout.isEmpty()) {
      definition.put("timeout", timeout);
    }
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("kind", "pipeline");
    job.put("name", name);
    job.put("steps", steps());
    definition.put("job", job);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put("definition", definition);
    return entry;
  }

  private List<Object> steps() {
    List<Object> steps = new ArrayList<>();
    Set<String> stepNames = new java.util.HashSet<>();
    do {
      int number = steps.size() + 1;
      String name = prompter.ask("Step " + number + " name", free("task_", stepNames));
      stepNames.add(name);
      steps.add(step(name));
    } while (prompter.yes("Add another step?", false));
    return steps;
  }

  private Map<String, Object> step(String name) {
    String program =
        prompter.ask("  " + name + ": command (a program, run without a shell)", "echo");
    List<String> arguments =
        prompter.ask(
            "  " + name + ": arguments (quoted as in a shell, nothing expanded)",
            program.equals("echo") ? name + " done" : "",
            Words::split);
    List<Integer> exitCodes =
        prompter.ask("  " + name + ": expected exit codes", "0", WorkflowWizard::exitCodes);
    List<String> files =
        prompter.ask(
            "  " + name + ": output files to wait for, comma-separated", "", WorkflowWizard::files);
    Duration wait =
        files.isEmpty()
            ? Duration.ofMinutes(1)
            : prompter.ask("  " + name + ": wait for them up to", "1m", DurationText::parse);
    boolean continueOnFailure =
        prompter.yes("  " + name + ": go on with the next step when this one fails?", false);
    int retries =
        prompter.ask("  " + name + ": retries of this step alone", "0", WorkflowWizard::count);
    Duration retryDelay =
        retries == 0
            ? Duration.ZERO
            : prompter.ask("  " + name + ": delay before each retry", "10s", DurationText::parse);
    String timeout =
        prompter.ask(
            "  " + name + ": timeout of each attempt, e.g. 10m (none: no timeout)",
            "",
            text -> text.isEmpty() ? "" : DurationText.parse(text).toString());
    Map<String, Object> command = new LinkedHashMap<>();
    command.put("kind", "command");
    command.put("program", program);
    command.put("arguments", arguments);
    command.put("expectedExitCodes", exitCodes);
    command.put("outputFiles", files);
    command.put("outputWait", wait.toString());
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("name", name);
    step.put("continueOnFailure", continueOnFailure);
    step.put("maxRetries", retries);
    step.put("retryDelay", retryDelay.toString());
    if (!timeout.isEmpty()) {
      step.put("timeout", timeout);
    }
    step.put("job", command);
    return step;
  }

  /** {@code prefix} with the first number from 1 whose name is not taken. */
  static String free(String prefix, Set<String> taken) {
    int n = 1;
    while (taken.contains(prefix + n)) {
      n++;
    }
    return prefix + n;
  }

  private static int count(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException("'" + text + "' is not a whole number of 0 or more");
  }

  private static List<Integer> exitCodes(String text) {
    List<Integer> codes = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      try {
        codes.add(Integer.parseInt(part));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + part + "' is not an exit code; give whole numbers, e.g. 0,3");
      }
    }
    return codes;
  }

  private static List<String> files(String text) {
    return text.isBlank()
        ? List.of()
        : Arrays.stream(text.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
  }
}
