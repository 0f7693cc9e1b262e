package io.pipelinescheduler.internal.notify;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.NotifyOn;
import io.pipelinescheduler.internal.observe.RunMessage;
import java.time.Duration;

/**
 * One message about one run, in the words sent by email and to webhooks.
 *
 * @param event why it is sent
 * @param run the run it is about
 * @param failuresBefore for a recovery, how many runs had failed for good before it
 * @param heldBack how many notifications about the schedule the rate limit held back before it
 * @param minInterval the rate limit's interval, named when some were held back
 */
record Notification(
    NotifyOn event, ExecutionRecord run, int failuresBefore, long heldBack, Duration minInterval) {
  /** Starts every subject, so that mail filters can sort the messages. */
  static final String SUBJECT_PREFIX = "[pipeline-scheduler] ";

  /**
   * {@code [pipeline-scheduler] FAILED: nightly (attempt 3)}, {@code ... RECOVERED: nightly} or
   * {@code ... SUCCEEDED: nightly}.
   */
  String subject() {
    return switch (event) {
      case FAILURE ->
          SUBJECT_PREFIX
              + run.status()
              + ": "
              + run.scheduleName()
              + " (attempt "
              + run.attempt()
              + ")";
      case RECOVERY -> SUBJECT_PREFIX + "RECOVERED: " + run.scheduleName();
      case SUCCESS -> SUBJECT_PREFIX + run.status() + ": " + run.scheduleName();
    };
  }

  /**
   * The run as {@link RunMessage#text} words it, after a line saying it recovered when it did, and
   * before a line saying how many notifications were held back when some were.
   */
  String text() {
    StringBuilder text = new StringBuilder();
    if (event == NotifyOn.RECOVERY) {
      text.append("Schedule '")
          .append(run.scheduleName())
          .append("' recovered after ")
          .append(failuresBefore)
          .append(failuresBefore == 1 ? " failed run\n" : " failed runs\n");
    }
    text.append(RunMessage.text(run));
    if (heldBack > 0) {
      text.append("\n(")
          .append(heldBack)
          .append(heldBack == 1 ? " earlier notification" : " earlier notifications")
          .append(" about this schedule held back: at most one every ")
          .append(RunMessage.duration(minInterval))
          .append(")");
    }
    return text.toString();
  }
}
