package io.pipelinescheduler;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * A schedule's state as a {@link ScheduleStore} keeps it.
 *
 * @param name unique name
 * @param type kind of timing
 * @param spec the timing as text
 * @param zone the zone of its wall-clock times
 * @param enabled false after {@code disable}
 * @param anchor the instant its counting starts from (start-at, or the first registration): used by
 *     every-N-months schedules, kept so that a restart counts from the same point
 * @param lastSlot the latest slot that was fired (run, queued or skipped), null when none
 * @param nextRun the next slot, null when none
 * @param definition the whole definition of a data-defined schedule (timing, policies, job type and
 *     parameters) as JSON-compatible values; null for a schedule whose job is Java code
 * @param version incremented at each save, for optimistic checks by stores that want them
 */
public record StoredSchedule(
    String name,
    ScheduleType type,
    String spec,
    ZoneId zone,
    boolean enabled,
    Instant anchor,
    Instant lastSlot,
    Instant nextRun,
    Map<String, Object> definition,
    long version) {

  /** Checks the required fields. */
  public StoredSchedule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(zone, "zone");
  }

  /** This schedule with another enabled flag. */
  public StoredSchedule withEnabled(boolean value) {
    return new StoredSchedule(
        name, type, spec, zone, value, anchor, lastSlot, nextRun, definition, version);
  }

  /** This schedule with another last slot and next run. */
  public StoredSchedule withSlots(Instant last, Instant next) {
    return new StoredSchedule(
        name, type, spec, zone, enabled, anchor, last, next, definition, version);
  }
}
