package io.pipelinescheduler;

/**
 * Creates the persistent {@link ScheduleStore} of a store module. Listed in {@code
 * META-INF/services/io.pipelinescheduler.ScheduleStoreProvider}; {@link PipelineScheduler#create}
 * uses the first one found when {@link SchedulerConfig#persistSchedules()} is on.
 */
public interface ScheduleStoreProvider {
  /** A short name for logs, e.g. {@code jpa}. */
  String name();

  /**
   * Opens the store for this configuration (a database at {@code dbPath} or {@code dbUrl}).
   *
   * @throws SchedulerException naming the file or URL when the store cannot be opened
   */
  ScheduleStore create(SchedulerConfig config);
}
