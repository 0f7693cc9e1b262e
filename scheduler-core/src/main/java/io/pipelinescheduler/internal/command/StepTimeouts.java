package io.pipelinescheduler.internal.command;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that fires the timeouts of pipeline steps, shared by every pipeline run (a
 * firing only marks a step and interrupts its thread). Started at the first step with a timeout.
 */
final class StepTimeouts {
  private StepTimeouts() {}

  private static final class Holder {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "pipeline-scheduler-step-timeouts");
                thread.setDaemon(true);
                return thread;
              });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  /** Runs {@code action} once {@code after} has passed, unless cancelled before. */
  static ScheduledFuture<?> after(Duration after, Runnable action) {
    return Holder.TIMER.schedule(action, after.toNanos(), TimeUnit.NANOSECONDS);
  }
}
