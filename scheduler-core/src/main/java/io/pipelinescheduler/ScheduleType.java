package io.pipelinescheduler;

/** The kind of timing a schedule has. */
public enum ScheduleType {
  CRON,
  DAILY,
  HOURLY,
  INTERVAL,
  WEEKLY,
  MONTHLY,
  EVERY_N_MONTHS,
  ONCE,
  MANUAL,
  /**
   * No slots of its own: runs each time its upstream schedules have all succeeded since its last
   * run ({@link ScheduleBuilder#after}).
   */
  AFTER
}
