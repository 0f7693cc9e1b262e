package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockBackendProvider;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;

/**
 * Provides the {@code file} backend: {@link FileLockBackend} on {@link
 * SchedulerConfig#lockDirectory()} and the configured clock.
 */
public final class FileLockBackendProvider implements LockBackendProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public FileLockBackendProvider() {}

  @Override
  public String name() {
    return FileLockBackend.NAME;
  }

  /**
   * Opens the lock directory, creating it if missing.
   *
   * @throws SchedulerException naming the directory when it is not set, cannot be created or cannot
   *     be written
   */
  @Override
  public LockBackend create(SchedulerConfig config) {
    if (config.lockDirectory() == null) {
      throw new SchedulerException("lock backend 'file' needs a lock directory; none is set");
    }
    return new FileLockBackend(config.lockDirectory(), config.clock());
  }
}
