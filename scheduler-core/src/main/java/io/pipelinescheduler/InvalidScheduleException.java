package io.pipelinescheduler;

import io.pipelinescheduler.internal.engine.Names;

/**
 * A schedule definition was rejected before anything was stored: a bad cron expression, an hour or
 * minute out of range, a zero or negative interval, an unknown zone, an end before the start or a
 * blank name. The message names the schedule and the bad value; for cron it names the field and
 * shows a valid example. A name too long or with control characters is shown cut and escaped in the
 * message ({@link #scheduleName()} keeps it whole).
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

  /** The name of the schedule whose definition was rejected. */
  public String scheduleName() {
    return scheduleName;
  }
}
