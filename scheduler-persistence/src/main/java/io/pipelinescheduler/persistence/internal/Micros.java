package io.pipelinescheduler.persistence.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Instants and durations as the whole microseconds the tables hold (finer parts are dropped). Both
 * databases store them as 64-bit integers, so comparisons are exact and the schemas alike.
 */
public final class Micros {
  private static final long PER_SECOND = 1_000_000L;

  private Micros() {}

  /** Microseconds since the epoch, or null for null. */
  public static Long of(Instant instant) {
    if (instant == null) {
      return null;
    }
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "instant " + instant + " is out of the store's range (about ±292,000 years)", e);
    }
  }

  /** The instant of a count of microseconds since the epoch, or null for null. */
  public static Instant toInstant(Long micros) {
    if (micros == null) {
      return null;
    }
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000L);
  }

  /** A duration in microseconds (null counts as zero). */
  public static long of(Duration duration) {
    if (duration == null) {
      return 0;
    }
    try {
      return Math.addExact(
          Math.multiplyExact(duration.getSeconds(), PER_SECOND), duration.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration " + duration + " is out of range", e);
    }
  }

  /** The duration of a count of microseconds. */
  public static Duration toDuration(long micros) {
    return Duration.ofSeconds(
        Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000L);
  }
}
