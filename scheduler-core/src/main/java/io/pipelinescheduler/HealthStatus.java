package io.pipelinescheduler;

import java.util.Map;

/**
 * The result of {@link PipelineScheduler#healthCheck()}.
 *
 * @param status UP, DEGRADED or DOWN
 * @param running whether the scheduler is started
 * @param metrics run counts
 * @param details store and lock backend state, the last error, unregistered job types and so on
 */
public record HealthStatus(
    Health status, boolean running, SchedulerMetrics metrics, Map<String, Object> details) {

  /** Copies the details so the record stays immutable. */
  public HealthStatus {
    details = Map.copyOf(details);
  }
}
