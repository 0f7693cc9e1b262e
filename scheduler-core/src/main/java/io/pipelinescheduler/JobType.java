package io.pipelinescheduler;

import java.util.Map;

/**
 * A named kind of job whose schedules are stored as data (the type name and JSON-compatible
 * parameters), so that any instance that registered the type can run them, also after a restart.
 * Register with {@link PipelineScheduler#registerJobType(String, JobType)}.
 */
@FunctionalInterface
public interface JobType {
  /**
   * Runs one run of a schedule of this type.
   *
   * @param context the run's identity, cancellation flag and logger
   * @param params the parameters stored with the schedule (never null, unmodifiable)
   * @throws Exception to fail the run
   */
  void run(JobContext context, Map<String, Object> params) throws Exception;
}
