package io.pipelinescheduler;

/**
 * The one unchecked root of every exception the scheduler throws. Subclasses carry the schedule
 * name (and run id where there is one) in their message.
 */
public class SchedulerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with the given message. */
  public SchedulerException(String message) {
    super(message);
  }

  /** An exception with the given message and cause. */
  public SchedulerException(String message, Throwable cause) {
    super(message, cause);
  }
}
