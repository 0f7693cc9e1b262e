package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.internal.time.Canonical;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.internal.time.Zoned;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is shown and stored of schedules: pure functions of a runtime, a stored row or a definition
 * not registered yet.
 */
public final class ScheduleViews {
  private ScheduleViews() {}

  /** What is shown of a schedule stored but not registered on this instance. */
  static ScheduleInfo stored(StoredSchedule row, List<ExecutionRecord> latest) {
    return new ScheduleInfo(
        row.name(),
        row.type(),
        row.spec(),
        "stored; not registered on this instance",
        row.zone(),
        row.enabled(),
        row.enabled() && row.nextRun() != null ? Zoned.at(row.nextRun(), row.zone()) : null,
        latest.isEmpty() ? null : latest.get(0),
        RecentOutcomes.successRate(
            latest.isEmpty()
                ? RecentOutcomes.NONE
                : RecentOutcomes.add(RecentOutcomes.NONE, latest.get(0))),
        false,
        null);
  }

  /** The next {@code count} fire times after {@code now}, in the schedule's zone; none when off. */
  static List<ZonedDateTime> nextRuns(ScheduleRuntime runtime, Instant now, int count) {
    Timing timing = runtime.definition().timing();
    List<ZonedDateTime> times = new ArrayList<>(count);
    if (!runtime.enabled()) {
      return times;
    }
    Instant cursor = now;
    while (times.size() < count) {
      Optional<Instant> next = timing.nextRunAfter(cursor);
      if (next.isEmpty()) {
        break;
      }
      cursor = next.get();
      times.add(Zoned.at(cursor, timing.zone()));
    }
    return times;
  }

  /**
   * The slot shown as the next run: {@code slot} itself, or the first after it that runs when its
   * date is excluded (it comes due only to be skipped). Null for null.
   */
  static Instant runsAt(Timing timing, Instant slot) {
    return slot != null && timing.excludes(slot) ? timing.nextRunAfter(slot).orElse(null) : slot;
  }

  /** What is shown of a registered schedule (not running: see {@link RunningRuns}). */
  static ScheduleInfo info(ScheduleRuntime runtime) {
    return info(runtime, null);
  }

  /**
   * As {@link #info(ScheduleRuntime)}, given what the runtime's timing shows when it is known
   * already (null when not).
   */
  static ScheduleInfo info(ScheduleRuntime runtime, TimingShown known) {
    ScheduleDefinition definition = runtime.definition();
    Timing timing = definition.timing();
    TimingShown shown = TimingShown.orOf(known, timing);
    boolean enabled = runtime.enabled();
    Instant next = enabled ? runsAt(timing, runtime.nextSlot()) : null;
    return new ScheduleInfo(
        runtime.name(),
        timing.type(),
        shown.spec(),
        definition.effectiveDescription(shown),
        timing.zone(),
        enabled,
        next == null ? null : Zoned.at(next, timing.zone()),
        runtime.lastRun(),
        RecentOutcomes.successRate(runtime.recentOutcomes()),
        false,
        null);
  }

  /** The row stored for a registered schedule, with {@code next} as its next slot. */
  static StoredSchedule toStored(ScheduleRuntime runtime, Instant next) {
    return toStored(runtime, next, null);
  }

  /**
   * As {@link #toStored(ScheduleRuntime, Instant)}, given what the runtime's timing shows when it
   * is known already (null when not).
   */
  static StoredSchedule toStored(ScheduleRuntime runtime, Instant next, TimingShown known) {
    ScheduleDefinition definition = runtime.definition();
    Timing timing = definition.timing();
    return new StoredSchedule(
        runtime.name(),
        timing.type(),
        known != null ? known.spec() : Canonical.of(timing.spec()),
        timing.zone(),
        runtime.enabled(),
        runtime.anchor(),
        runtime.lastSlot(),
        next,
        definition.data(),
        0);
  }

  /**
   * What {@code definition} shows once registered at {@code now} as a new schedule (enabled, its
   * first slot, no run yet), before it is registered: what a batch's builders return. {@code known}
   * is what its timing shows when known already (null when not).
   */
  public static ScheduleInfo preview(
      ScheduleDefinition definition, Instant now, TimingShown known) {
    Timing timing = definition.timing();
    TimingShown shown = TimingShown.orOf(known, timing);
    Instant next =
        runsAt(
            timing,
            new ScheduleRuntime(definition.name(), definition, now)
                .nextSlotOnRegistration(now, true));
    return new ScheduleInfo(
        definition.name(),
        timing.type(),
        shown.spec(),
        definition.effectiveDescription(shown),
        timing.zone(),
        true,
        next == null ? null : Zoned.at(next, timing.zone()),
        null);
  }
}
