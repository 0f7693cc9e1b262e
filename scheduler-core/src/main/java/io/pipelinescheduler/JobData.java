package io.pipelinescheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs as JSON-compatible maps: a registered job type with its parameters, a {@link CommandJob}, or
 * a {@link Pipeline} whose steps are all command jobs. Other jobs are Java code and cannot be
 * stored.
 */
final class JobData {
  static final String KIND = "kind";

  private JobData() {}

  /** The job as data, or empty when it is code. */
  static Optional<Map<String, Object>> of(Job job) {
    if (job instanceof CommandJob command) {
      return Optional.of(command(command));
    }
    if (job instanceof Pipeline pipeline
        && pipeline.steps().stream().allMatch(step -> step.job() instanceof CommandJob)) {
      List<Object> steps = new ArrayList<>();
      for (Pipeline.Step step : pipeline.steps()) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", step.name());
        map.put("continueOnFailure", step.continueOnFailure());
        map.put("maxRetries", step.retries());
        map.put("retryDelay", step.retryDelay().toString());
        if (step.timeout() != null) {
          map.put("timeout", step.timeout().toString());
        }
        map.put("job", command((CommandJob) step.job()));
        steps.add(map);
      }
      Map<String, Object> map = new LinkedHashMap<>();
      map.put(KIND, "pipeline");
      map.put("name", pipeline.name());
      map.put("steps", steps);
      return Optional.of(map);
    }
    return Optional.empty();
  }

  /** A registered job type with its parameters. */
  static Map<String, Object> ofType(String type, Map<String, Object> params) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(KIND, "jobType");
    map.put("jobType", type);
    map.put("params", params);
    return map;
  }

  private static Map<String, Object> command(CommandJob job) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(KIND, "command");
    map.put("program", job.program());
    map.put("arguments", List.copyOf(job.arguments()));
    job.workingDirectory().ifPresent(dir -> map.put("workingDirectory", dir.toString()));
    map.put("environment", Map.copyOf(job.environment()));
    map.put("expectedExitCodes", List.copyOf(job.expectedExitCodes()));
    map.put("outputFiles", job.outputFiles().stream().map(Path::toString).toList());
    map.put("outputWait", job.outputWait().toString());
    map.put("outputLimit", job.outputLimit());
    return map;
  }

  /** Builds a command job or pipeline back from its map. */
  static Job toJob(StoredValues job) {
    String kind = job.text(KIND);
    return switch (kind) {
      case "command" -> toCommand(job);
      case "pipeline" -> toPipeline(job);
      default -> throw job.invalid(KIND, kind, "command, pipeline or jobType");
    };
  }

  private static CommandJob toCommand(StoredValues job) {
    CommandJob command =
        CommandJob.of(job.text("program"), job.texts("arguments").toArray(String[]::new));
    String directory = job.optionalText("workingDirectory");
    if (directory != null) {
      command = command.workingDirectory(Path.of(directory));
    }
    command = command.environment(job.textMap("environment"));
    // Left out (a row inserted by hand): CommandJob's defaults.
    if (job.has("expectedExitCodes")) {
      command = command.expectedExitCodes(job.integers("expectedExitCodes"));
    }
    command =
        command.outputFiles(job.texts("outputFiles").stream().map(Path::of).toArray(Path[]::new));
    if (job.has("outputWait")) {
      command = command.outputWait(Duration.parse(job.text("outputWait")));
    }
    return job.has("outputLimit") ? command.outputLimit(job.integer("outputLimit")) : command;
  }

  private static Pipeline toPipeline(StoredValues job) {
    Pipeline pipeline = Pipeline.named(job.text("name"));
    List<StoredValues> steps = job.maps("steps");
    for (int i = 0; i < steps.size(); i++) {
      String name = steps.get(i).text("name");
      // Errors name the step: job.steps['extract'].maxRetries
      StoredValues step = job.element("steps", i, "'" + name + "'");
      pipeline = pipeline.step(toStep(step, name));
    }
    return pipeline;
  }

  /** One step with its policy; left out (a row inserted by hand): no retries, no timeout. */
  private static Pipeline.Step toStep(StoredValues step, String name) {
    Pipeline.Step built =
        new Pipeline.Step(
            name,
            toCommand(step.map("job")),
            step.has("continueOnFailure") && step.bool("continueOnFailure"));
    int retries = step.has("maxRetries") ? step.integer("maxRetries") : 0;
    if (retries < 0) {
      throw step.invalid("maxRetries", retries, "a whole number of 0 or more");
    }
    Duration delay = step.has("retryDelay") ? step.duration("retryDelay") : Duration.ZERO;
    if (delay.isNegative()) {
      throw step.invalid("retryDelay", step.text("retryDelay"), "a duration of zero or more");
    }
    built = built.withRetries(retries, delay);
    if (step.has("timeout")) {
      Duration timeout = step.duration("timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw step.invalid("timeout", step.text("timeout"), "a positive duration, e.g. PT10M");
      }
      built = built.withTimeout(timeout);
    }
    return built;
  }
}
