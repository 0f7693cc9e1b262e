package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.SchedulerListener;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the engine's parts report a failed call to the store or lock backend: logged, told to
 * listeners, and DEGRADED health until a call succeeds again; a failure of the store also holds off
 * reaping others' runs for a while (see {@link ReapGate}). Any thread.
 */
final class BackendErrors {
  private static final Logger log = LoggerFactory.getLogger(BackendErrors.class);

  private final String storeName;
  private final BackendHealth health;
  private final SchedulerListener listener;
  private final Clock clock;
  private final ReapGate reapGate;

  BackendErrors(
      String storeName,
      BackendHealth health,
      SchedulerListener listener,
      Clock clock,
      ReapGate reapGate) {
    this.storeName = storeName;
    this.health = health;
    this.listener = listener;
    this.clock = clock;
    this.reapGate = reapGate;
  }

  /** A call the engine made to {@code backend} failed. */
  void failed(String backend, String operation, RuntimeException error) {
    if (backend.equals(storeName)) {
      reapGate.storeFailed(); // others' heartbeats may have failed too: no reaping for a while
    }
    log.error("pipeline-scheduler: {} {} failed: {}", backend, operation, error.toString());
    health.failed(backend, operation, error, clock.instant());
    listener.onBackendError(backend, operation, error);
  }

  /**
   * A read of the store made for a caller (e.g. {@code getHistory}) failed: DEGRADED health until a
   * health check reaches the store again or a claim succeeds. Reaping is left to the maintenance
   * thread's own calls: a read that fails for a reason of its own must not hold it off.
   */
  void readFailed(String operation, RuntimeException error) {
    log.error("pipeline-scheduler: {} {} failed: {}", storeName, operation, error.toString());
    health.readFailed(storeName, operation, error, clock.instant());
    listener.onBackendError(storeName, operation, error);
  }
}
