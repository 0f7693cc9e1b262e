package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.StoredInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One reading of the table of instances, as this instance judged it: which are live (a heartbeat
 * within the timeout, and this instance always), and among those, which one owns a schedule: the
 * highest rendezvous weight of the schedule's name over the live instances able to run it. Views of
 * different instances may differ for a heartbeat or two; claims and the store's fence keep every
 * slot to one run meanwhile. Immutable.
 */
final class ClusterView {
  private final StoredInstance self;
  private final Map<String, StoredInstance> all;
  private final List<StoredInstance> live;
  private final List<StoredInstance> sameCode;
  private final Map<String, List<StoredInstance>> byJobType = new ConcurrentHashMap<>();

  ClusterView(StoredInstance self, Collection<StoredInstance> rows, Instant liveSince) {
    this.self = self;
    Map<String, StoredInstance> byId = new TreeMap<>();
    rows.forEach(row -> byId.put(row.instanceId(), row));
    byId.put(self.instanceId(), self);
    this.all = Map.copyOf(byId);
    List<StoredInstance> alive = new ArrayList<>();
    for (StoredInstance row : byId.values()) {
      if (row == self || !row.heartbeatAt().isBefore(liveSince)) {
        alive.add(row);
      }
    }
    this.live = List.copyOf(alive);
    this.sameCode =
        live.stream().filter(row -> row.codeDigest().equals(self.codeDigest())).toList();
  }

  /** The ids of the live instances, this one included, sorted. */
  Set<String> liveIds() {
    Set<String> ids = new TreeSet<>();
    live.forEach(row -> ids.add(row.instanceId()));
    return ids;
  }

  boolean isLive(String instanceId) {
    return live.stream().anyMatch(row -> row.instanceId().equals(instanceId));
  }

  /** The latest heartbeat stored for the instance, live or not; null when it has no row. */
  Instant heartbeatOf(String instanceId) {
    StoredInstance row = all.get(instanceId);
    return row == null ? null : row.heartbeatAt();
  }

  /** The job types registered on at least one live instance. */
  Set<String> liveJobTypes() {
    Set<String> types = new TreeSet<>();
    live.forEach(row -> types.addAll(row.jobTypes()));
    return types;
  }

  /**
   * The owner of the schedule: among the live instances with its job type (a job type), all of them
   * (a command defined as data), or those that registered the same code schedules as this one (a
   * Java job, which only instances that registered it can run). This instance when it alone can.
   */
  String ownerOf(ScheduleRuntime runtime) {
    if (live.size() == 1) {
      return self.instanceId();
    }
    ScheduleDefinition definition = runtime.definition();
    List<StoredInstance> candidates;
    if (definition.jobSpec() != null) {
      candidates =
          byJobType.computeIfAbsent(
              definition.jobSpec().type(),
              type -> live.stream().filter(row -> row.jobTypes().contains(type)).toList());
    } else if (definition.data() != null) {
      candidates = live;
    } else {
      candidates = sameCode;
    }
    return rendezvous(runtime.name(), candidates);
  }

  private String rendezvous(String name, List<StoredInstance> candidates) {
    if (candidates.isEmpty()) {
      return self.instanceId();
    }
    long key = Rendezvous.hash(name);
    String best = null;
    long bestWeight = 0;
    for (StoredInstance candidate : candidates) {
      long weight = Rendezvous.weight(Rendezvous.hash(candidate.instanceId()), key);
      if (best == null
          || Long.compareUnsigned(weight, bestWeight) > 0
          || (weight == bestWeight && candidate.instanceId().compareTo(best) < 0)) {
        best = candidate.instanceId();
        bestWeight = weight;
      }
    }
    return best;
  }

  /** Rendezvous (highest random weight) hashing over 64-bit FNV-1a hashes. */
  static final class Rendezvous {
    private Rendezvous() {}

    static long hash(String text) {
      long hash = 0xcbf29ce484222325L;
      for (int i = 0; i < text.length(); i++) {
        hash ^= text.charAt(i);
        hash *= 0x100000001b3L;
      }
      return hash;
    }

    /** A well-mixed weight of the pair (the SplitMix64 finaliser). */
    static long weight(long instance, long name) {
      long z = instance ^ (name * 0x9e3779b97f4a7c15L);
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }
  }
}
