package io.pipelinescheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * A schedule's last fired slot and next due slot, as written to a {@link ScheduleStore}.
 *
 * @param name the schedule
 * @param lastSlot the slot that fired last, or null
 * @param nextRun the next slot, or null when there is none
 */
public record ScheduleSlots(String name, Instant lastSlot, Instant nextRun) {
  public ScheduleSlots {
    Objects.requireNonNull(name, "name");
  }
}
