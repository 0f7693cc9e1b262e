package io.pipelinescheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A request to run one attempt of one slot of a schedule.
 *
 * @param scheduleName the schedule
 * @param slot the slot instant
 * @param attempt 1 for the first try
 * @param owner the instance id asking
 * @param tombstone how long the claim must outlive the run, so that an instance whose clock is
 *     behind cannot run the slot again
 */
public record SlotClaim(
    String scheduleName, Instant slot, int attempt, String owner, Duration tombstone) {

  /** Checks the required fields. */
  public SlotClaim {
    Objects.requireNonNull(scheduleName, "scheduleName");
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(tombstone, "tombstone");
  }

  /** A stable text key for the slot and attempt: {@code name|epochMillis|attempt}. */
  public String key() {
    return scheduleName + "|" + slot.toEpochMilli() + "|" + attempt;
  }
}
