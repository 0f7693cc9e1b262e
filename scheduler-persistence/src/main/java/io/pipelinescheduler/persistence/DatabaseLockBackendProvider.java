package io.pipelinescheduler.persistence;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.LockBackendProvider;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;

/**
 * Provides the {@code database} backend, {@link DatabaseLockBackend}, for {@code
 * lockBackend("database")} or {@code SCHEDULER_LOCK_BACKEND=database}: claims go to the scheduler's
 * own {@link JpaScheduleStore}, on its connection pool. Listed in {@code
 * META-INF/services/io.pipelinescheduler.LockBackendProvider}. Stateless.
 */
public final class DatabaseLockBackendProvider implements LockBackendProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public DatabaseLockBackendProvider() {}

  /** {@value DatabaseLockBackend#NAME}. */
  @Override
  public String name() {
    return DatabaseLockBackend.NAME;
  }

  /**
   * Always refuses: this backend needs the scheduler's store, which {@link #create(SchedulerConfig,
   * ScheduleStore)} gets.
   *
   * @throws SchedulerException saying so
   */
  @Override
  public LockBackend create(SchedulerConfig config) {
    throw new SchedulerException(
        "lock backend 'database' claims through the scheduler's database store and was opened"
            + " without one; let PipelineScheduler.create open it, or give"
            + " lockBackend(new DatabaseLockBackend(store, clock))");
  }

  /**
   * Opens the backend on the store's database.
   *
   * @throws SchedulerException when the store is not a {@link JpaScheduleStore} (e.g. the in-memory
   *     one)
   */
  @Override
  public LockBackend create(SchedulerConfig config, ScheduleStore store) {
    if (store instanceof JpaScheduleStore database) {
      return new DatabaseLockBackend(database, config.clock());
    }
    throw new SchedulerException(
        "lock backend 'database' needs a database store, but the store is '"
            + (store == null ? "none" : store.name())
            + "': set persistSchedules(true) (SCHEDULER_PERSIST=true, the default) with dbPath or"
            + " dbUrl (SCHEDULER_DB_PATH, SCHEDULER_DB_URL), or choose the 'file' or 'redis'"
            + " backend");
  }
}
