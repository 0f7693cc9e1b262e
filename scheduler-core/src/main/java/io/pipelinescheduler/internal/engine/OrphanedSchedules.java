package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When instances die or leave, this instance takes over the schedules they owned and that it owns
 * now: it reads their last slots from the store (written by an owner when it claims) and counts on
 * from there, so a slot that this instance left to the old owner and that the old owner never
 * claimed (it died first, or had not even heard of the schedule yet) comes due again here, late,
 * under the misfire policy, claimed through the store's fence alone ({@link
 * ScheduleRuntime#orphanedThrough}). A slot the old owner did record is refused by that fence; its
 * run is taken over or retried as a dead instance's runs are.
 */
final class OrphanedSchedules {
  private static final Logger log = LoggerFactory.getLogger(OrphanedSchedules.class);

  private final ScheduleStore store;
  private final Ownership ownership;
  private final SlotTimetable timetable;
  private final Supplier<Collection<ScheduleRuntime>> runtimes;
  private final Clock clock;

  OrphanedSchedules(
      ScheduleStore store,
      Ownership ownership,
      SlotTimetable timetable,
      Supplier<Collection<ScheduleRuntime>> runtimes,
      Clock clock) {
    this.store = store;
    this.ownership = ownership;
    this.timetable = timetable;
    this.runtimes = runtimes;
    this.clock = clock;
  }

  /**
   * Takes over what the instances {@code gone} (live in {@code before}) owned and this one owns.
   */
  void takeOver(ClusterView before, ClusterView after, Set<String> gone) {
    String self = ownership.self();
    List<ScheduleRuntime> orphans =
        runtimes.get().stream()
            .filter(runtime -> ownership.canRun(runtime))
            .filter(runtime -> gone.contains(before.ownerOf(runtime)))
            .filter(runtime -> after.ownerOf(runtime).equals(self))
            .toList();
    if (orphans.isEmpty()) {
      return;
    }
    Map<String, StoredSchedule> rows = new HashMap<>();
    store
        .findSchedules(orphans.stream().map(ScheduleRuntime::name).toList())
        .forEach(row -> rows.put(row.name(), row));
    Instant now = clock.instant();
    int rewound = 0;
    for (ScheduleRuntime runtime : orphans) {
      StoredSchedule row = rows.get(runtime.name());
      if (row == null) {
        continue;
      }
      synchronized (runtime) {
        Instant passed = runtime.lastSlot();
        Instant claimed = row.lastSlot();
        if (!runtime.active()
            || !runtime.enabled()
            || passed == null
            || (claimed != null && !claimed.isBefore(passed))) {
          continue;
        }
        // Never claimed: a one-shot counts from the beginning, a recurring schedule from its
        // anchor.
        Instant from =
            claimed != null || runtime.definition().timing().type() == ScheduleType.ONCE
                ? claimed
                : row.anchor();
        runtime.orphanedThrough(passed);
        runtime.moveOn(from, runtime.nextSlot());
        timetable.arm(runtime, now, true);
        rewound++;
      }
    }
    if (rewound > 0) {
      log.warn(
          "pipeline-scheduler: instance(s) {} stopped; {} of their schedules are now this"
              + " instance's, counted on from their last claimed slot",
          gone,
          rewound);
    }
  }
}
