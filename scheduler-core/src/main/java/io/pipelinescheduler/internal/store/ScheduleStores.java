package io.pipelinescheduler.internal.store;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleStoreProvider;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.util.ServiceLoader;

/** Chooses the store for a configuration. */
public final class ScheduleStores {
  private ScheduleStores() {}

  /**
   * The in-memory store when persistence is off; else the first {@link ScheduleStoreProvider} on
   * the class path. Never falls back silently to memory.
   *
   * @throws SchedulerException when persistence is on and no store module is on the class path
   */
  public static ScheduleStore open(SchedulerConfig config) {
    if (!config.persistSchedules()) {
      return new InMemoryScheduleStore(config.historyLimitPerSchedule());
    }
    return ServiceLoader.load(ScheduleStoreProvider.class)
        .findFirst()
        .map(provider -> provider.create(config))
        .orElseThrow(
            () ->
                new SchedulerException(
                    "persistSchedules is on (the default) but no persistent store is on the class"
                        + " path: add the io.pipelinescheduler:scheduler-persistence artifact, or"
                        + " turn persistence off with"
                        + " SchedulerConfig.builder().persistSchedules(false)"
                        + " (SCHEDULER_PERSIST=false)"));
  }
}
