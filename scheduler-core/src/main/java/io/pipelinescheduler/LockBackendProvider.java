package io.pipelinescheduler;

/**
 * Creates a {@link LockBackend} by name. Listed in {@code
 * META-INF/services/io.pipelinescheduler.LockBackendProvider}.
 */
public interface LockBackendProvider {
  /** The name users select with {@code lockBackend("…")} or {@code SCHEDULER_LOCK_BACKEND}. */
  String name();

  /**
   * Opens the backend for this configuration.
   *
   * @throws SchedulerException with a clear message when it cannot be opened or reached
   */
  LockBackend create(SchedulerConfig config);

  /**
   * Opens the backend for this configuration, beside the scheduler's store, which is opened first:
   * for a backend that claims through the store's own database ({@code database}). {@link
   * io.pipelinescheduler.PipelineScheduler#create(SchedulerConfig)} calls this one. The default
   * ignores the store and calls {@link #create(SchedulerConfig)}, so a provider that needs no store
   * implements only that.
   *
   * @param config the scheduler's configuration
   * @param store the scheduler's store, open; the backend must not close it (the scheduler does,
   *     after closing the backend)
   * @throws SchedulerException with a clear message when it cannot be opened or reached, or cannot
   *     work with this store
   */
  default LockBackend create(SchedulerConfig config, ScheduleStore store) {
    return create(config);
  }
}
