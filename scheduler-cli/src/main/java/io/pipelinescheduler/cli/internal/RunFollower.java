package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;

/**
 * Follows one run until it ends by asking for it again and again ({@code GET /api/runs/{id}}
 * answers with the output captured so far on the instance that runs it), printing the output that
 * is new each time.
 */
final class RunFollower {
  private static final Set<String> IN_FLIGHT = Set.of("QUEUED", "RUNNING");

  private final Backend backend;
  private final Duration interval;

  RunFollower(Backend backend, Duration interval) {
    this.backend = backend;
    this.interval = interval;
  }

  /**
   * Waits for the run to end; prints its output to {@code out} as it comes when {@code out} is not
   * null.
   *
   * @return the ended run, with its output
   */
  JsonNode follow(String runId, PrintWriter out) {
    String shown = "";
    while (true) {
      JsonNode run = backend.run(runId);
      String output = run.path("output").asText("");
      if (out != null && !output.equals(shown)) {
        // the stored output of an ended run starts with what was live; print all of it when not
        out.print(output.startsWith(shown) ? output.substring(shown.length()) : "\n" + output);
        out.flush();
        shown = output;
      }
      if (!IN_FLIGHT.contains(run.path("status").asText())) {
        if (out != null && !shown.isEmpty() && !shown.endsWith("\n")) {
          out.println();
          out.flush();
        }
        return run;
      }
      pause();
    }
  }

  /** Whether the run succeeded. */
  static boolean succeeded(JsonNode run) {
    return run.path("success").asBoolean(false);
  }

  private void pause() {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.ERROR, "interrupted while following the run");
    }
  }
}
