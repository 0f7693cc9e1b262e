package io.pipelinescheduler.http.internal;

import java.util.List;
import java.util.Map;

/**
 * Refuses definitions whose job runs a program (a command, or a pipeline, whose steps are commands)
 * unless command jobs are allowed ({@code allowCommandJobs(true)}). A job is free of programs only
 * when its kind is exactly {@code jobType}: the core reads every other kind as a command or a
 * pipeline, or refuses it (as it refuses a job without a kind).
 */
final class CommandJobPolicy {
  private final boolean allowed;
  private final OptionNames names;

  CommandJobPolicy(boolean allowed, OptionNames names) {
    this.allowed = allowed;
    this.names = names;
  }

  /**
   * Checks every entry of an import.
   *
   * @throws ApiException 403 naming the first schedule whose job would run a program
   */
  void check(List<Object> entries) {
    if (allowed) {
      return;
    }
    for (Object entry : entries) {
      if (entry instanceof Map<?, ?> schedule
          && schedule.get("definition") instanceof Map<?, ?> definition
          && definition.get("job") instanceof Map<?, ?> job
          && job.get("kind") instanceof String kind
          && !kind.equals("jobType")) {
        throw new ApiException(
            403,
            "schedule '"
                + schedule.get("name")
                + "': defining a job of kind '"
                + kind
                + "' over HTTP is switched off, since it runs a program on this machine; define"
                + " it in Java code, or "
                + names.allowCommandJobs());
      }
    }
  }
}
