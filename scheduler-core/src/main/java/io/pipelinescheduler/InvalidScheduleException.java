package io.pipelinescheduler;

import io.pipelinescheduler.internal.config.Names;

/**
 * A schedule definition was rejected before anything was registered or stored: a bad cron
 * expression, an hour or minute out of range, an interval or timeout outside 1 ms to 36,500 days,
 * an instant outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, more than 100 retries, an
 * unknown zone, an end before the start, or a name that is blank, longer than 200 characters, or
 * has control characters or surrounding whitespace (see {@link ScheduleBuilder} for the limits).
 * The message names the schedule and the bad value; for cron it names the field and shows a valid
 * example. A name too long or with control characters is shown cut and escaped in the message
 * ({@link #scheduleName()} keeps it whole).
 */
public class InvalidScheduleException extends SchedulerException {
  private static final long serialVersionUID = 1L;

  private final String scheduleName;

  /**
   * @param scheduleName the schedule being defined (may be blank when the name is what is wrong)
   * @param problem what is wrong, naming the value, e.g. {@code hour 24 is out of range 0-23}
   */
  public InvalidScheduleException(String scheduleName, String problem) {
    super("schedule '" + Names.show(scheduleName) + "': " + problem);
    this.scheduleName = scheduleName;
  }

  /**
   * A holiday calendar was rejected before any schedule used it (an .ics file that cannot be read
   * or parsed); {@link #scheduleName()} is empty.
   *
   * @param message what is wrong, naming the file
   */
  InvalidScheduleException(String message, Throwable cause) {
    super(message, cause);
    this.scheduleName = "";
  }

  /** The name of the schedule whose definition was rejected. */
  public String scheduleName() {
    return scheduleName;
  }
}
