package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of worker threads. Runs that cannot start at once wait in order (never dropped). A
 * worker stuck in a job that ignored interruption can be replaced: the pool grows by one until the
 * stuck thread comes back, so the number of usable workers stays {@code size}.
 */
final class WorkerPool {
  private final int size;
  private final ThreadPoolExecutor executor;
  private int replacements;

  WorkerPool(int size) {
    this.size = size;
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory threads =
        task -> {
          Thread thread =
              new Thread(task, "pipeline-scheduler-worker-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.executor =
        new ThreadPoolExecutor(
            size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
  }

  void submit(Runnable run) {
    executor.execute(run);
  }

  /** Removes a run that has not started yet; true when it was waiting and is now removed. */
  boolean removeWaiting(Runnable run) {
    return executor.remove(run);
  }

  /** Adds a worker in place of one that is stuck. */
  synchronized void replaceStuckWorker() {
    replacements++;
    executor.setMaximumPoolSize(size + replacements);
    executor.setCorePoolSize(size + replacements);
  }

  /** A stuck worker came back: shrink to the normal size again. */
  synchronized void stuckWorkerReturned() {
    if (replacements == 0) {
      return;
    }
    replacements--;
    executor.setCorePoolSize(size + replacements);
    executor.setMaximumPoolSize(size + replacements);
  }

  /** Stops taking runs and returns the runs that were waiting and will now never start. */
  List<Runnable> shutdownAndDrainWaiting() {
    executor.shutdown();
    List<Runnable> waiting = new ArrayList<>();
    executor.getQueue().drainTo(waiting);
    return waiting;
  }

  boolean awaitTermination(Duration timeout) throws InterruptedException {
    return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  void interruptAll() {
    executor.shutdownNow();
  }
}
