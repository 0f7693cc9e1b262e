package io.pipelinescheduler.command;

import io.pipelinescheduler.Job;
import io.pipelinescheduler.JobContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a job on a thread of its own, like a scheduler worker, so a test can interrupt it and see
 * what it threw.
 */
final class JobThread {
  private final Thread thread;
  private final CompletableFuture<Throwable> outcome = new CompletableFuture<>();

  private JobThread(Job job, JobContext context) {
    this.thread =
        new Thread(
            () -> {
              try {
                job.run(context);
                outcome.complete(null);
              } catch (Throwable t) {
                outcome.complete(t);
              }
            },
            "test-job-worker");
    thread.setDaemon(true);
  }

  static JobThread start(Job job, JobContext context) {
    JobThread jobThread = new JobThread(job, context);
    jobThread.thread.start();
    return jobThread;
  }

  void interrupt() {
    thread.interrupt();
  }

  /** Whether the job's thread is now inside a method of the class named {@code simpleName}. */
  boolean isInside(String simpleName) {
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.getClassName().endsWith("." + simpleName)) {
        return true;
      }
    }
    return false;
  }

  boolean isRunning() {
    return !outcome.isDone();
  }

  /** What the job threw (null when it returned normally), waiting at most {@code timeout}. */
  Throwable awaitEnd(Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
