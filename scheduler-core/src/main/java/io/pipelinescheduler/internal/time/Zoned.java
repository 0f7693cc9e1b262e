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
  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

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

  /**
   * Appends {@code at(instant, zone).toString()} to {@code out}: the same text, written straight
   * into {@code out} rather than through a builder per field ({@code LocalDate}, {@code LocalTime}
   * and {@code ZonedDateTime} each make their own), as every registration shows its instants.
   */
  public static StringBuilder appendTo(StringBuilder out, Instant instant, ZoneId zone) {
    ZonedDateTime zoned = at(instant, zone);
    int year = zoned.getYear();
    if (year < 1000 || year > 9999) {
      return out.append(zoned); // the JDK's signs and padding
    }
    out.append(year).append('-');
    twoDigits(out, zoned.getMonthValue()).append('-');
    twoDigits(out, zoned.getDayOfMonth()).append('T');
    twoDigits(out, zoned.getHour()).append(':');
    twoDigits(out, zoned.getMinute());
    int second = zoned.getSecond();
    int nano = zoned.getNano();
    if (second > 0 || nano > 0) {
      twoDigits(out.append(':'), second);
      if (nano > 0) {
        out.append('.');
        if (nano % 1_000_000 == 0) {
          digits(out, nano / 1_000_000, 3);
        } else if (nano % 1_000 == 0) {
          digits(out, nano / 1_000, 6);
        } else {
          digits(out, nano, 9);
        }
      }
    }
    out.append(zoned.getOffset().getId());
    if (zoned.getZone() != zoned.getOffset()) {
      out.append('[').append(zoned.getZone().getId()).append(']');
    }
    return out;
  }

  private static StringBuilder twoDigits(StringBuilder out, int value) {
    return digits(out, value, 2);
  }

  /** {@code value} in {@code width} digits, zeros in front. */
  private static StringBuilder digits(StringBuilder out, int value, int width) {
    for (int divisor = POWERS_OF_TEN[width - 1]; divisor > 0; divisor /= 10) {
      out.append((char) ('0' + value / divisor % 10));
    }
    return out;
  }
}
