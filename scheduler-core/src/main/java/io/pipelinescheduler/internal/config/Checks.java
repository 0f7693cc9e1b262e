package io.pipelinescheduler.internal.config;

import io.pipelinescheduler.SchedulerException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks for the {@code SchedulerConfig} builder. Each failure is a {@link
 * SchedulerException} that names the setting and quotes the rejected value; a {@code null} is a
 * {@link NullPointerException} naming the parameter.
 */
public final class Checks {
  private Checks() {}

  /** Returns {@code value}, or throws a {@link NullPointerException} naming {@code name}. */
  public static <T> T notNull(String name, T value) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  /** Returns {@code value} when it is not null and not blank. */
  public static String notBlank(String name, String value) {
    notNull(name, value);
    if (value.isBlank()) {
      throw rejected(name + " must not be blank", quote(value));
    }
    return value;
  }

  /** Returns {@code value} when it is not null and not the empty path. */
  public static Path notEmpty(String name, Path value) {
    notNull(name, value);
    if (value.toString().isEmpty()) {
      throw rejected(name + " must not be empty", "''");
    }
    return value;
  }

  /** Returns {@code value} when it is at least {@code min}. */
  public static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw rejected(name + " must be at least " + min, String.valueOf(value));
    }
    return value;
  }

  /** Returns {@code value} when it is not null and not negative. */
  public static Duration notNegative(String name, Duration value) {
    notNull(name, value);
    if (value.isNegative()) {
      throw rejected(name + " must not be negative", value.toString());
    }
    return value;
  }

  /** Returns {@code value} when it is not null and greater than zero. */
  public static Duration positive(String name, Duration value) {
    notNull(name, value);
    if (value.isNegative() || value.isZero()) {
      throw rejected(name + " must be positive", value.toString());
    }
    return value;
  }

  /** Returns {@code value} when it lies in [0, 1]; NaN is rejected. */
  public static double fraction(String name, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw rejected(name + " must be between 0.0 and 1.0", String.valueOf(value));
    }
    return value;
  }

  /** {@code "<problem>, was <shownValue>"} as a {@link SchedulerException}. */
  public static SchedulerException rejected(String problem, String shownValue) {
    return new SchedulerException(problem + ", was " + shownValue);
  }

  /** The value in single quotes, so that blanks and spaces show. */
  public static String quote(String value) {
    return "'" + value + "'";
  }
}
