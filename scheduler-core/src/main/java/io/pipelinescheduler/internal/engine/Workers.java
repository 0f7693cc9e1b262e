package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads runs use: the bounded {@link WorkerPool} and the watchdog that times runs out and
 * replaces the worker of a job that ignores interruption. Made at each engine start.
 */
final class Workers {
  private static final Logger log = LoggerFactory.getLogger(Workers.class);

  private final WorkerPool pool;
  private final ScheduledExecutorService watchdog;
  private final Duration interruptGrace;

  Workers(int size, Duration interruptGrace) {
    this.pool = new WorkerPool(size);
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pipeline-scheduler-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    this.interruptGrace = interruptGrace;
  }

  void submit(Runnable task) {
    pool.submit(task);
  }

  /** Removes a task that waits for a worker; true when it did wait and is now removed. */
  boolean removeWaiting(Runnable task) {
    return pool.removeWaiting(task);
  }

  /** Calls {@code task} after {@code delay}, unless cancelled. */
  ScheduledFuture<?> after(Duration delay, Runnable task) {
    return watchdog.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * After a timeout or cancel: if the job has not stopped within the interrupt grace, abandon it
   * (its record is finished with {@code status}) and give the pool a worker in its place.
   */
  void watchStuck(RunExecution run, ExecutionStatus status, String why) {
    ScheduledFuture<?> unused =
        after(
            interruptGrace,
            () -> {
              synchronized (run) {
                if (run.abandon(
                    status,
                    why
                        + "; the job ignored interruption for "
                        + interruptGrace
                        + " and was abandoned; its worker was replaced")) {
                  run.workerReplaced = true;
                  pool.replaceStuckWorker();
                  log.error(
                      "schedule '{}': run {} ignored interruption; abandoned",
                      run.runtime.name(),
                      run.runId());
                }
              }
            });
  }

  /** A worker the watchdog had replaced came back from an abandoned job. */
  void workerReturned(RunExecution run) {
    synchronized (run) {
      if (run.workerReplaced) {
        run.workerReplaced = false;
        pool.stuckWorkerReturned();
      }
    }
  }

  /** Stops taking tasks; returns those that waited for a worker and will now never start. */
  List<Runnable> close() {
    return pool.shutdownAndDrainWaiting();
  }

  /**
   * Waits for the running jobs for {@code grace}; then asks {@code running} to stop, waits {@code
   * stopGrace}, and abandons those that ignored interruption. Ends with the watchdog.
   */
  void awaitOrStop(Duration grace, Duration stopGrace, Collection<RunExecution> running) {
    if (!await(grace)) {
      for (RunExecution run : List.copyOf(running)) {
        if (run.waitingForSlot
            && run.abandonUnstarted(
                ExecutionStatus.CANCELLED, "scheduler stopped before the run's slot came")) {
          continue; // a worker waited for its slot (in memory): it never started
        }
        run.stop(
            ExecutionStatus.CANCELLED,
            "scheduler stopped; the run was still running after the shutdown grace of " + grace);
      }
      if (!await(stopGrace)) {
        for (RunExecution run : List.copyOf(running)) {
          run.abandon(
              ExecutionStatus.CANCELLED,
              "scheduler stopped; the job ignored interruption and was abandoned");
        }
      }
      pool.interruptAll();
    }
    watchdog.shutdownNow();
  }

  private boolean await(Duration timeout) {
    try {
      return pool.awaitTermination(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
