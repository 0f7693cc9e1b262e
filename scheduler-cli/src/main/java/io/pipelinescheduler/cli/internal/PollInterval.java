package io.pipelinescheduler.cli.internal;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The hidden {@code --poll-interval} of the commands that follow a run. */
final class PollInterval {
  @Option(
      names = "--poll-interval",
      defaultValue = "PT0.2S",
      hidden = true,
      description = "How often the run is asked for while following it (ISO-8601).")
  Duration value;
}
