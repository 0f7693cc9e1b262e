package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** How {@code run --wait} and {@code tail} end: the run's outcome and the exit code for it. */
final class Ended {
  private Ended() {}

  /**
   * Prints the ended run (JSON, or a line on stderr) and returns 0 or {@link ExitCode#RUN_FAILED}.
   */
  static int report(JsonNode run, boolean json, BackendCommand command) {
    boolean ok = RunFollower.succeeded(run);
    if (json) {
      command.printJson(run);
    } else {
      String error = BackendCommand.text(run, "error");
      command
          .err()
          .println(
              "run "
                  + BackendCommand.text(run, "runId")
                  + " "
                  + BackendCommand.text(run, "status")
                  + (ok || error == null ? "" : ": " + error));
      command.err().flush();
    }
    return ok ? ExitCode.OK : ExitCode.RUN_FAILED;
  }
}
