package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.Health;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the {@link HealthStatus} of a scheduler. */
public final class SchedulerHealth {
  private SchedulerHealth() {}

  /**
   * DOWN when not started or the timer thread died; DEGRADED when the store does not answer its
   * probe ({@link ScheduleStore#ping()}, called every time), the store or lock backend is failing,
   * a schedule's latest runs all failed ({@code failingSchedules} names them), or the share of
   * failed runs among the latest ones is above the threshold; else UP.
   */
  public static HealthStatus of(
      SchedulerEngine engine,
      ScheduleRegistry registry,
      ScheduleStore store,
      LockBackend locks,
      SchedulerConfig config,
      Set<String> registeredJobTypes) {
    RunStats stats = engine.stats();
    SchedulerMetrics metrics =
        new SchedulerMetrics(
            stats.total(),
            stats.succeeded(),
            stats.failed(),
            stats.successRate(),
            engine.activeRunCount(),
            stats.averageDuration(),
            registry.size());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("instanceId", config.instanceId());
    details.put("store", store.name());
    details.put("storeDetails", safeDetails(store::healthDetails));
    details.put("lockBackend", locks.name());
    details.put("lockBackendDetails", safeDetails(locks::healthDetails));
    details.put("schedules", registry.size());
    details.put("recentFailureRate", stats.recentFailureRate());
    details.put("runWritesWaiting", engine.runWritesWaiting());
    if (engine.runWritesDropped() > 0) {
      details.put("runWritesDropped", engine.runWritesDropped());
    }
    List<String> unregistered =
        registry.jobTypesInUse().stream()
            .filter(type -> !registeredJobTypes.contains(type))
            .toList();
    if (!unregistered.isEmpty()) {
      details.put("unregisteredJobTypes", unregistered);
    }
    List<String> nowhere = List.of();
    SchedulerEngine.ClusterState cluster = engine.cluster().orElse(null);
    if (cluster != null) {
      details.put("liveInstances", List.copyOf(cluster.liveInstances()));
      details.put("slotsLeftToOwners", cluster.deferred());
      nowhere =
          registry.jobTypesInUse().stream()
              .filter(type -> !cluster.liveJobTypes().contains(type))
              .filter(type -> !registeredJobTypes.contains(type))
              .toList();
      if (!nowhere.isEmpty()) {
        details.put("jobTypesWithoutLiveInstance", nowhere);
      }
    }
    List<String> failing = failingSchedules(registry, config.failingScheduleRuns());
    if (!failing.isEmpty()) {
      details.put("failingSchedules", failing);
    }
    if (!registry.invalidStored().isEmpty()) {
      details.put("invalidStoredSchedules", registry.invalidStored());
    }
    String storeError = probe(store);
    if (storeError == null) {
      engine.backendHealth().reachedStore();
    } else {
      details.put("storeError", storeError);
    }
    engine.backendHealth().addDetails(details);

    Health status;
    if (!engine.isRunning() || !engine.timerAlive()) {
      status = Health.DOWN;
      details.put("reason", engine.isRunning() ? "the timer thread died" : "not started");
    } else if (storeError != null) {
      status = Health.DEGRADED;
      details.put("reason", "the store does not answer or is damaged");
    } else if (engine.backendHealth().failing()) {
      status = Health.DEGRADED;
      details.put("reason", "the store or lock backend is failing");
    } else if (!nowhere.isEmpty()) {
      status = Health.DEGRADED;
      details.put(
          "reason",
          "no live instance has registered job type(s) "
              + nowhere
              + ": their schedules do not run until one does");
    } else if (stats.recentFailureRate() > config.failureRateThreshold()) {
      status = Health.DEGRADED;
      details.put(
          "reason", "recent runs fail above the threshold " + config.failureRateThreshold());
    } else if (!failing.isEmpty()) {
      status = Health.DEGRADED;
      details.put(
          "reason",
          (failing.size() == 1 ? "schedule " : "schedules ")
              + String.join(", ", failing.stream().map(name -> "'" + name + "'").toList())
              + " failed "
              + (config.failingScheduleRuns() == 1
                  ? "its latest run"
                  : "each of the latest " + config.failingScheduleRuns() + " runs"));
    } else {
      status = Health.UP;
    }
    return new HealthStatus(status, engine.isRunning(), metrics, details);
  }

  /** The registered schedules whose latest {@code runs} finished runs all failed, by name. */
  private static List<String> failingSchedules(ScheduleRegistry registry, int runs) {
    return registry.runtimes().stream()
        .filter(runtime -> RecentOutcomes.latestFailed(runtime.recentOutcomes(), runs))
        .map(ScheduleRuntime::name)
        .sorted()
        .toList();
  }

  /** Null when the store answers its probe, else what is wrong. */
  private static String probe(ScheduleStore store) {
    try {
      store.ping();
      return null;
    } catch (RuntimeException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private static Object safeDetails(java.util.function.Supplier<Map<String, Object>> source) {
    try {
      return new LinkedHashMap<>(source.get());
    } catch (RuntimeException e) {
      return Map.of("error", String.valueOf(e.getMessage()));
    }
  }
}
