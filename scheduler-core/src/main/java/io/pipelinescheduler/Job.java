package io.pipelinescheduler;

/**
 * The work a schedule runs. A job that throws fails its run (and may be retried); it never fails
 * the scheduler. A long job should check {@link JobContext#isCancelled()} or respond to
 * interruption so that timeouts and {@code cancel} can stop it.
 */
@FunctionalInterface
public interface Job {
  /**
   * Runs once for one slot, on a worker thread of the scheduler.
   *
   * @param context the run's identity, cancellation flag and logger
   * @throws Exception to fail the run; the exception's type and message go into the record
   */
  void run(JobContext context) throws Exception;
}
