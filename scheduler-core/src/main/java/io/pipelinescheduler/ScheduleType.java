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
  MANUAL
}
