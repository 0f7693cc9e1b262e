package io.pipelinescheduler.persistence;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleStoreProvider;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;

/**
 * Makes {@link JpaScheduleStore} the persistent store: listed in {@code
 * META-INF/services/io.pipelinescheduler.ScheduleStoreProvider}, so that {@code
 * PipelineScheduler.create} finds it when persistence is on (the default). Stateless.
 */
public final class JpaScheduleStoreProvider implements ScheduleStoreProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public JpaScheduleStoreProvider() {}

  /** {@code jpa}. */
  @Override
  public String name() {
    return "jpa";
  }

  /**
   * Opens {@link JpaScheduleStore#open(SchedulerConfig)}.
   *
   * @throws SchedulerException naming the file or URL when the store cannot be opened
   */
  @Override
  public ScheduleStore create(SchedulerConfig config) {
    return JpaScheduleStore.open(config);
  }
}
