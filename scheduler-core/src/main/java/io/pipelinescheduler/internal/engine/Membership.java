package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.StoredInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership in the table of instances: at every heartbeat it writes its row (its
 * job types, and a digest of its code schedules) and reads the others', hands the new {@link
 * ClusterView} to the {@link Ownership}, takes over the schedules of instances that stopped ({@link
 * OrphanedSchedules}) and settles the {@link DeferredSlots}. Runs on the maintenance thread; {@link
 * #leave} removes the row at stop, so the others take over at once.
 */
final class Membership {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  private final ScheduleStore store;
  private final Ownership ownership;
  private final DeferredSlots deferred;
  private final OrphanedSchedules orphans;
  private final Supplier<Collection<ScheduleRuntime>> runtimes;
  private final Supplier<Set<String>> jobTypes;
  private final Clock clock;
  private final Duration timeout;
  private Instant startedAt;
  private Set<String> lastLive = Set.of();

  Membership(
      ScheduleStore store,
      Ownership ownership,
      DeferredSlots deferred,
      OrphanedSchedules orphans,
      Supplier<Collection<ScheduleRuntime>> runtimes,
      Supplier<Set<String>> jobTypes,
      Clock clock,
      Duration timeout) {
    this.store = store;
    this.ownership = ownership;
    this.deferred = deferred;
    this.orphans = orphans;
    this.runtimes = runtimes;
    this.jobTypes = jobTypes;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Writes this instance's heartbeat, reads the others' and settles the deferred slots. */
  synchronized void beat() {
    Instant now = clock.instant();
    if (startedAt == null) {
      startedAt = now;
    }
    StoredInstance self =
        new StoredInstance(
            ownership.self(),
            startedAt,
            now,
            jobTypes.get().stream().sorted().toList(),
            codeDigest(runtimes.get()));
    store.heartbeatInstance(self);
    List<StoredInstance> rows = store.findInstances();
    ClusterView view = new ClusterView(self, rows, now.minus(timeout));
    ClusterView before = ownership.view();
    ownership.setView(view);
    Set<String> live = view.liveIds();
    if (before != null) {
      Set<String> gone = new TreeSet<>(before.liveIds());
      gone.removeAll(live);
      if (!gone.isEmpty()) {
        orphans.takeOver(before, view, gone);
      }
    }
    if (!live.equals(lastLive)) {
      // Alone at start is no news (the start line says enough); a change of company is.
      if (lastLive.isEmpty() && live.size() == 1) {
        log.debug("pipeline-scheduler: live instances now {}", live);
      } else {
        log.info("pipeline-scheduler: live instances now {}", live);
      }
      lastLive = live;
    }
    deferred.settle(view, now, timeout);
  }

  /** Removes this instance's row (at stop): the others take over its slots at their next beat. */
  synchronized void leave() {
    ownership.setView(null);
    startedAt = null;
    lastLive = Set.of();
    try {
      store.removeInstance(ownership.self());
    } catch (RuntimeException e) {
      log.warn(
          "pipeline-scheduler: could not remove instance '{}' from the table of instances; the"
              + " others take over its slots after the heartbeat timeout: {}",
          ownership.self(),
          e.toString());
    }
  }

  /**
   * A digest of the names of the registered schedules whose job is Java code, independent of their
   * order: instances with equal digests can run the same code schedules.
   */
  static String codeDigest(Collection<ScheduleRuntime> runtimes) {
    long digest = 0;
    int count = 0;
    for (ScheduleRuntime runtime : runtimes) {
      if (runtime.definition().data() == null) {
        digest ^= ClusterView.Rendezvous.weight(ClusterView.Rendezvous.hash(runtime.name()), 1);
        count++;
      }
    }
    return count + ":" + Long.toHexString(digest);
  }
}
