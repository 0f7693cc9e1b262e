package io.pipelinescheduler;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A schedule as it stands now.
 *
 * @param name the schedule's unique name
 * @param type the kind of timing
 * @param spec the definition as text, e.g. {@code 0 9 * * 1-5} or {@code PT30M}
 * @param description human-readable, e.g. "at 09:00, Monday through Friday", or the description
 *     given with {@code ScheduleBuilder.description}
 * @param timezone the zone its wall-clock times are in
 * @param enabled false after {@code disable}
 * @param nextRun the next fire time in its zone; null when disabled, manual or finished
 * @param lastRun the latest run, or null when it never ran
 * @param successRate the share of its recent finished runs that succeeded, from 0 to 1: of the
 *     latest {@value #RECENT_RUNS} that this instance knows of (the latest run stored when it was
 *     registered, then those that ended on this instance), cancelled runs left out; null when none
 * @param running whether a run of it is running now, on any instance sharing the store
 * @param runningSince when the oldest of its running runs started; null when none is running
 */
public record ScheduleInfo(
    String name,
    ScheduleType type,
    String spec,
    String description,
    ZoneId timezone,
    boolean enabled,
    ZonedDateTime nextRun,
    ExecutionRecord lastRun,
    Double successRate,
    boolean running,
    Instant runningSince) {

  /** How many recent finished runs {@link #successRate()} counts. */
  public static final int RECENT_RUNS = 20;

  /** A schedule with no recent runs counted and none running. */
  public ScheduleInfo(
      String name,
      ScheduleType type,
      String spec,
      String description,
      ZoneId timezone,
      boolean enabled,
      ZonedDateTime nextRun,
      ExecutionRecord lastRun) {
    this(name, type, spec, description, timezone, enabled, nextRun, lastRun, null, false, null);
  }

  /** The status of the latest run, or null when it never ran. */
  public ExecutionStatus lastOutcome() {
    return lastRun == null ? null : lastRun.status();
  }

  /** This schedule with its running state: {@code since} is null when none of its runs runs. */
  public ScheduleInfo withRunningSince(Instant since) {
    return new ScheduleInfo(
        name,
        type,
        spec,
        description,
        timezone,
        enabled,
        nextRun,
        lastRun,
        successRate,
        since != null,
        since);
  }
}
