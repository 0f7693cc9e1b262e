package io.pipelinescheduler;

/** What happens to slots missed while the scheduler was down or could not run them. */
public enum MisfirePolicy {
  /** One catch-up run now for all the missed slots of a schedule (the default). */
  FIRE_ONCE,
  /** The missed slots are dropped; the schedule goes on from its next slot. */
  SKIP,
  /** One run per missed slot, oldest first, bounded by {@link SchedulerConfig#fireAllLimit()}. */
  FIRE_ALL
}
