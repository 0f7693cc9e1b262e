package io.pipelinescheduler.spring;

import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.PipelineScheduler;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The scheduler's {@link PipelineScheduler#healthCheck()} as an Actuator health component ({@code
 * pipelineScheduler}): UP as {@link Status#UP}, DOWN as {@link Status#DOWN}, and DEGRADED as the
 * custom status {@link #DEGRADED} (code {@code DEGRADED}), which Actuator's default order places
 * between DOWN and UP and maps to HTTP 200 unless {@code management.endpoint.health.status
 * .http-mapping.degraded} says otherwise. Details: {@code running} and the scheduler's details.
 * Thread-safe.
 */
public class PipelineSchedulerHealthIndicator implements HealthIndicator {
  /** The status of a DEGRADED scheduler: it runs, but something needs attention. */
  public static final Status DEGRADED = new Status("DEGRADED", "runs, but needs attention");

  private final PipelineScheduler scheduler;

  /** An indicator for this scheduler. */
  public PipelineSchedulerHealthIndicator(PipelineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public Health health() {
    HealthStatus health = scheduler.healthCheck();
    Status status =
        switch (health.status()) {
          case UP -> Status.UP;
          case DEGRADED -> DEGRADED;
          case DOWN -> Status.DOWN;
        };
    return Health.status(status)
        .withDetail("running", health.running())
        .withDetails(health.details())
        .build();
  }
}
