package io.pipelinescheduler;

/** The dialect of a cron expression. */
public enum CronFlavor {
  /** Five fields: minute hour day-of-month month day-of-week (the default). */
  UNIX,
  /**
   * Quartz: six or seven fields starting with seconds; supports {@code ?}, {@code L}, {@code W},
   * {@code #}.
   */
  QUARTZ,
  /** Spring: six fields starting with seconds. */
  SPRING
}
