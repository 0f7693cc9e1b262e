package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.internal.config.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of an imported definition (the format of {@code exportSchedules()}): refuses fields the
 * format does not know (a typo would otherwise be ignored) and fills the optional fields left out
 * with the defaults of the Java builder, so that a definition says only what it means. Values
 * themselves are checked when the definition is replayed through the builder.
 */
public final class DefinitionShape {
  static final List<String> DEFINITION =
      List.of(
          "timing",
          "zone",
          "startAt",
          "endAt",
          "maxRetries",
          "firstRetryDelay",
          "timeout",
          "overlap",
          "misfire",
          "dependsOn",
          "description",
          "job",
          "notify",
          "excluding");

  static final Map<String, List<String>> TIMING =
      Map.of(
          "cron", List.of("kind", "expression", "flavor"),
          "daily", List.of("kind", "at"),
          "hourly", List.of("kind", "minute"),
          "every", List.of("kind", "every", "hours", "minutes", "seconds"),
          "weekly", List.of("kind", "day", "at"),
          "monthly", List.of("kind", "dayOfMonth", "at"),
          "everyMonths", List.of("kind", "months", "dayOfMonth", "at"),
          "once", List.of("kind", "at"),
          "manual", List.of("kind"),
          "after", List.of("kind", "after"));

  static final List<String> COMMAND =
      List.of(
          "kind",
          "program",
          "arguments",
          "workingDirectory",
          "environment",
          "expectedExitCodes",
          "outputFiles",
          "outputWait",
          "outputLimit");

  static final List<String> EXCLUDING = List.of("dates", "annual", "daysOfWeek");

  static final List<String> PIPELINE = List.of("kind", "name", "steps");
  static final List<String> STEP =
      List.of("name", "continueOnFailure", "maxRetries", "retryDelay", "timeout", "job");
  static final List<String> JOB_TYPE = List.of("kind", "jobType", "params");
  static final List<String> NOTIFY = List.of("emails", "webhooks", "on");

  private final String name;

  private DefinitionShape(String name) {
    this.name = name;
  }

  /**
   * A copy of {@code definition} with defaults filled in.
   *
   * @throws InvalidScheduleException naming the schedule and the first unknown field, with its path
   *     (e.g. {@code job.steps[0].job.argv})
   */
  public static Map<String, Object> normalize(String name, Map<String, Object> definition) {
    return new DefinitionShape(name).definition(definition);
  }

  private Map<String, Object> definition(Map<String, Object> source) {
    Map<String, Object> definition = new LinkedHashMap<>(source);
    known(definition, "", DEFINITION);
    fill(definition, "maxRetries", 0);
    fill(definition, "firstRetryDelay", "PT0S");
    fill(definition, "overlap", "QUEUE");
    fill(definition, "misfire", "FIRE_ONCE");
    fill(definition, "dependsOn", List.of());
    if (definition.get("timing") instanceof Map<?, ?> timing) {
      definition.put("timing", timing(copy(timing)));
    }
    if (definition.get("job") instanceof Map<?, ?> job) {
      definition.put("job", job(copy(job)));
    }
    if (definition.get("notify") instanceof Map<?, ?> notify) {
      Map<String, Object> filled = copy(notify);
      known(filled, "notify.", NOTIFY);
      fill(filled, "emails", List.of());
      fill(filled, "webhooks", List.of());
      definition.put("notify", filled);
    }
    if (definition.get("excluding") instanceof Map<?, ?> excluding) {
      known(copy(excluding), "excluding.", EXCLUDING);
    }
    return definition;
  }

  private Map<String, Object> timing(Map<String, Object> timing) {
    List<String> fields = timing.get("kind") instanceof String kind ? TIMING.get(kind) : null;
    if (fields == null) {
      return timing; // the replay names the missing or unknown kind
    }
    known(timing, "timing.", fields);
    if ("cron".equals(timing.get("kind"))) {
      fill(timing, "flavor", "UNIX");
    }
    if ("every".equals(timing.get("kind")) && timing.get("every") == null) {
      fill(timing, "hours", 0);
      fill(timing, "minutes", 0);
      fill(timing, "seconds", 0);
    }
    return timing;
  }

  private Map<String, Object> job(Map<String, Object> job) {
    Object kind = job.get("kind");
    if ("command".equals(kind)) {
      return command(job, "job.");
    }
    if ("pipeline".equals(kind)) {
      known(job, "job.", PIPELINE);
      if (job.get("steps") instanceof List<?> steps) {
        List<Object> filled = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
          filled.add(
              steps.get(i) instanceof Map<?, ?> step
                  ? step(copy(step), "job.steps[" + i + "].")
                  : steps.get(i));
        }
        job.put("steps", filled);
      }
      return job;
    }
    if ("jobType".equals(kind)) {
      known(job, "job.", JOB_TYPE);
      fill(job, "params", Map.of());
    }
    return job; // the replay names the missing or unknown kind
  }

  private Map<String, Object> step(Map<String, Object> step, String path) {
    known(step, path, STEP);
    fill(step, "continueOnFailure", false);
    fill(step, "maxRetries", 0);
    fill(step, "retryDelay", "PT0S");
    if (step.get("job") instanceof Map<?, ?> job) {
      Map<String, Object> command = copy(job);
      fill(command, "kind", "command");
      step.put("job", command(command, path + "job."));
    }
    return step;
  }

  private Map<String, Object> command(Map<String, Object> command, String path) {
    known(command, path, COMMAND);
    fill(command, "arguments", List.of());
    fill(command, "environment", Map.of());
    fill(command, "expectedExitCodes", List.of(CommandJob.DEFAULT_EXPECTED_EXIT_CODE));
    fill(command, "outputFiles", List.of());
    fill(command, "outputWait", CommandJob.DEFAULT_OUTPUT_WAIT.toString());
    fill(command, "outputLimit", CommandJob.DEFAULT_OUTPUT_LIMIT);
    return command;
  }

  private void known(Map<String, Object> values, String path, List<String> fields) {
    Set<String> allowed = Set.copyOf(fields);
    for (String key : values.keySet()) {
      if (!allowed.contains(key)) {
        throw new InvalidScheduleException(
            name,
            "unknown field '"
                + Names.show(path + key)
                + "' in the definition; expected one of "
                + String.join(", ", fields));
      }
    }
  }

  private static void fill(Map<String, Object> values, String key, Object value) {
    if (values.get(key) == null) {
      values.put(key, value);
    }
  }

  private static Map<String, Object> copy(Map<?, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }
}
