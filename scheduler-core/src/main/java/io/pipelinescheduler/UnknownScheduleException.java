package io.pipelinescheduler;

/** No schedule of the given name is registered. */
public class UnknownScheduleException extends SchedulerException {
  private static final long serialVersionUID = 1L;

  private final String scheduleName;

  /**
   * @param scheduleName the name that was asked for
   */
  public UnknownScheduleException(String scheduleName) {
    super("unknown schedule '" + scheduleName + "'");
    this.scheduleName = scheduleName;
  }

  /** The name that was asked for. */
  public String scheduleName() {
    return scheduleName;
  }
}
