package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

/** Every day at a wall-clock time; spec {@code 09:00}. Immutable. */
record DailyTiming(LocalTime at, ZoneId zone) implements WallClockTiming {

  @Override
  public ScheduleType type() {
    return ScheduleType.DAILY;
  }

  @Override
  public String spec() {
    return at.toString();
  }

  @Override
  public String description() {
    return "every day at " + at;
  }

  @Override
  public Duration period() {
    return Duration.ofDays(1);
  }

  @Override
  public Optional<LocalDateTime> nextLocalAfter(LocalDateTime after) {
    LocalDateTime candidate = after.toLocalDate().atTime(at);
    return Optional.of(candidate.isAfter(after) ? candidate : candidate.plusDays(1));
  }

  @Override
  public boolean firesAtBothOccurrences() {
    return false;
  }
}
