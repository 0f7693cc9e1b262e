package io.pipelinescheduler.internal.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * An instant in a zone, equal to what {@link Instant#atZone} gives. For a fixed offset, such as the
 * default zone UTC, it does not ask the offset for its rules: on Java 17 {@code
 * ZoneOffset.getRules()} makes a new rules object (with a map inside) at every call, and schedules
 * show their instants in their zone at every registration.
 */
public final class Zoned {
  private Zoned() {}

  /** {@code instant.atZone(zone)}. */
  public static ZonedDateTime at(Instant instant, ZoneId zone) {
    if (zone instanceof ZoneOffset offset) {
      return ZonedDateTime.ofLocal(
          LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), offset),
          offset,
          null);
    }
    return instant.atZone(zone);
  }
}
