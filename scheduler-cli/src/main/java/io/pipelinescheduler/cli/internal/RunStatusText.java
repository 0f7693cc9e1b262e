package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's status as {@code show} and {@code history} print it: the status, and for a pipeline run
 * whose steps did not all succeed, the names of those steps ({@code SUCCEEDED with failed steps:
 * notify}, {@code FAILED at steps: transform}).
 */
final class RunStatusText {
  private RunStatusText() {}

  static String of(JsonNode run) {
    String status = run.path("status").asText();
    List<String> failed = new ArrayList<>();
    run.path("failedSteps").forEach(name -> failed.add(name.asText()));
    if (failed.isEmpty()) {
      return status;
    }
    return status
        + ("SUCCEEDED".equals(status) ? " with failed steps: " : ", failed steps: ")
        + String.join(", ", failed);
  }
}
