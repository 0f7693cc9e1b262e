package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** Every week on a weekday at a wall-clock time; spec {@code MONDAY 09:00}. Immutable. */
record WeeklyTiming(DayOfWeek day, LocalTime at, ZoneId zone) implements WallClockTiming {

  @Override
  public ScheduleType type() {
    return ScheduleType.WEEKLY;
  }

  @Override
  public String spec() {
    return day + " " + at;
  }

  @Override
  public String description() {
    return "every " + day.getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " at " + at;
  }

  @Override
  public Duration period() {
    return Duration.ofDays(7);
  }

  @Override
  public Optional<LocalDateTime> nextLocalAfter(LocalDateTime after) {
    LocalDateTime candidate =
        after.toLocalDate().with(TemporalAdjusters.nextOrSame(day)).atTime(at);
    return Optional.of(candidate.isAfter(after) ? candidate : candidate.plusWeeks(1));
  }

  @Override
  public boolean firesAtBothOccurrences() {
    return false;
  }
}
