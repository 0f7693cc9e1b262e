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
}
