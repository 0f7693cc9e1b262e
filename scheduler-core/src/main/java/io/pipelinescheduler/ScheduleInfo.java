package io.pipelinescheduler;

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
 */
public record ScheduleInfo(
    String name,
    ScheduleType type,
    String spec,
    String description,
    ZoneId timezone,
    boolean enabled,
    ZonedDateTime nextRun,
    ExecutionRecord lastRun) {}
