package io.pipelinescheduler.internal.command;

import java.time.Duration;

/** Formats durations for messages: "250 ms", "60 s", "1.5 s". */
final class Durations {
  private Durations() {}

  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.3f s", millis / 1000.0);
  }
}
