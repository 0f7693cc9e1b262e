package io.pipelinescheduler.internal.time;

import com.cronutils.model.time.ExecutionTime;
import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron expression, evaluated by cron-utils over wall-clock times (in UTC, where no time is
 * skipped or repeated) and mapped to instants in the zone by {@link WallClock}. Built and validated
 * by {@link CronExpressions}. Immutable and thread-safe.
 */
final class CronTiming implements WallClockTiming {
  /** A Monday at midnight, from which the typical spacing of fires is measured. */
  private static final LocalDateTime PERIOD_REFERENCE = LocalDateTime.of(2024, 1, 1, 0, 0);

  private final String expression;
  private final CronFlavor flavor;
  private final ZoneId zone;
  private final String description;
  private final boolean firesAtBothOccurrences;
  private final ExecutionTime executionTime;
  private final Duration period;

  CronTiming(
      String expression,
      CronFlavor flavor,
      ZoneId zone,
      String description,
      boolean firesAtBothOccurrences,
      ExecutionTime executionTime) {
    this.expression = expression;
    this.flavor = flavor;
    this.zone = zone;
    this.description = description;
    this.firesAtBothOccurrences = firesAtBothOccurrences;
    this.executionTime = executionTime;
    this.period = measurePeriod();
  }

  @Override
  public ScheduleType type() {
    return ScheduleType.CRON;
  }

  /** The expression, with runs of white space made single spaces. */
  @Override
  public String spec() {
    return expression;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public ZoneId zone() {
    return zone;
  }

  /** The gap between the first two fires after a fixed reference; zero with fewer than two. */
  @Override
  public Duration period() {
    return period;
  }

  /** The cron flavour the expression is read in. */
  CronFlavor flavor() {
    return flavor;
  }

  /**
   * The next fire strictly after {@code after}, always on a whole second. cron-utils 9.2.1 keeps
   * the fraction of a second of its reference time when the seconds field is {@code *} (Quartz
   * {@code * * * * * ?} fired at {@code 12:00:01.482…}), which would give each instance its own
   * slots and break de-duplication by slot; so the reference is truncated to the second, which
   * cannot change the answer of a whole-second cron.
   */
  @Override
  public Optional<LocalDateTime> nextLocalAfter(LocalDateTime after) {
    return executionTime
        .nextExecution(after.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC))
        .map(next -> next.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS));
  }

  /** True unless the hour field is a fixed hour or a list of them ({@code 1} or {@code 9,17}). */
  @Override
  public boolean firesAtBothOccurrences() {
    return firesAtBothOccurrences;
  }

  private Duration measurePeriod() {
    Optional<LocalDateTime> first = nextLocalAfter(PERIOD_REFERENCE);
    Optional<LocalDateTime> second = first.flatMap(this::nextLocalAfter);
    return second.isPresent() ? Duration.between(first.get(), second.get()) : Duration.ZERO;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CronTiming that
        && expression.equals(that.expression)
        && flavor == that.flavor
        && zone.equals(that.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(expression, flavor, zone);
  }

  @Override
  public String toString() {
    return "CronTiming[" + flavor + " " + expression + " in " + zone + "]";
  }
}
