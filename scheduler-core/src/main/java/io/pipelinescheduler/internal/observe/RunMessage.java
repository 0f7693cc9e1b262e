package io.pipelinescheduler.internal.observe;

import io.pipelinescheduler.ExecutionRecord;
import java.time.Duration;
import java.util.Locale;

/** The words of a run notification, as plain text readable in any chat tool. */
public final class RunMessage {
  /** Longer errors are cut, so that a huge message cannot make the post fail. */
  static final int MAX_ERROR_CHARS = 2000;

  private RunMessage() {}

  /**
   * For example:
   *
   * <pre>
   * Run FAILED: schedule 'nightly-etl', attempt 2
   * run id: 5f0c, node: host-1, duration: 1.234 s
   * slot: 2024-03-01T02:00:00Z, trigger: scheduled
   * error: java.io.IOException: disk full
   * </pre>
   *
   * The error line is left out when there is no error.
   */
  public static String text(ExecutionRecord run) {
    StringBuilder text =
        new StringBuilder()
            .append("Run ")
            .append(run.status())
            .append(": schedule '")
            .append(run.scheduleName())
            .append("', attempt ")
            .append(run.attempt())
            .append("\nrun id: ")
            .append(run.runId())
            .append(", node: ")
            .append(run.node() == null ? "unknown" : run.node())
            .append(", duration: ")
            .append(duration(run.duration()))
            .append("\nslot: ")
            .append(run.scheduledTime() == null ? "none" : run.scheduledTime())
            .append(", trigger: ")
            .append(run.trigger().name().toLowerCase(Locale.ROOT));
    if (run.error() != null && !run.error().isBlank()) {
      text.append("\nerror: ").append(cut(run.error()));
    }
    return text.toString();
  }

  /** {@code 850 ms}, {@code 12.345 s}, {@code 2m 03s}, {@code 1h 02m 03s}. */
  public static String duration(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%d.%03d s", millis / 1000, millis % 1000);
    }
    long seconds = millis / 1000;
    long h = seconds / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%dh %02dm %02ds", h, m, s)
        : String.format(Locale.ROOT, "%dm %02ds", m, s);
  }

  private static String cut(String error) {
    if (error.length() <= MAX_ERROR_CHARS) {
      return error;
    }
    int end = MAX_ERROR_CHARS;
    if (Character.isHighSurrogate(error.charAt(end - 1))) {
      end--;
    }
    return error.substring(0, end) + "… (" + error.length() + " chars)";
  }
}
