package io.pipelinescheduler.internal.time;

import io.pipelinescheduler.ScheduleType;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Every hour at a minute; spec {@code :15}. Fires at both occurrences of a repeated hour, so it
 * never stalls for an hour. Immutable.
 */
record HourlyTiming(int minute, ZoneId zone) implements WallClockTiming {

  @Override
  public ScheduleType type() {
    return ScheduleType.HOURLY;
  }

  @Override
  public String spec() {
    return String.format(":%02d", minute);
  }

  @Override
  public String description() {
    return "every hour at minute " + minute;
  }

  @Override
  public Duration period() {
    return Duration.ofHours(1);
  }

  @Override
  public Optional<LocalDateTime> nextLocalAfter(LocalDateTime after) {
    LocalDateTime candidate = after.truncatedTo(ChronoUnit.HOURS).withMinute(minute);
    return Optional.of(candidate.isAfter(after) ? candidate : candidate.plusHours(1));
  }

  @Override
  public boolean firesAtBothOccurrences() {
    return true;
  }
}
