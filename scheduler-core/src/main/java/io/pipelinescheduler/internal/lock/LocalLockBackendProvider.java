package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockBackendProvider;
import io.pipelinescheduler.SchedulerConfig;

/** Provides the {@code local} backend: {@link LocalLockBackend} on the configured clock. */
public final class LocalLockBackendProvider implements LockBackendProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public LocalLockBackendProvider() {}

  @Override
  public String name() {
    return LocalLockBackend.NAME;
  }

  /** A new, empty in-memory backend; never throws. */
  @Override
  public LockBackend create(SchedulerConfig config) {
    return new LocalLockBackend(config.clock());
  }
}
