package io.pipelinescheduler.http.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.PipelineScheduler;
import java.util.Optional;

/** Health, Prometheus metrics and the OpenAPI document. */
final class SystemEndpoints {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PipelineScheduler scheduler;
  private final PrometheusMeterRegistry registry;
  private final Asset openApi;

  SystemEndpoints(PipelineScheduler scheduler, PrometheusMeterRegistry registry) {
    this.scheduler = scheduler;
    this.registry = registry;
    this.openApi = Asset.load("openapi.json", Response.JSON);
  }

  /** GET /api/scheduler/health: 200 when UP or DEGRADED, 503 when DOWN. */
  Response health(Request request) {
    HealthStatus health = scheduler.healthCheck();
    return Response.json(health.status() == Health.DOWN ? 503 : 200, HealthView.of(health));
  }

  /** GET /metrics: the Prometheus text format. */
  Response metrics(Request request) {
    PrometheusMeterRegistry prometheus =
        Optional.ofNullable(registry)
            .or(() -> findIn(Metrics.globalRegistry))
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "no PrometheusMeterRegistry to scrape: give the scheduler's registry to"
                            + " SchedulerHttpServer.builder(scheduler).prometheusRegistry(..), or"
                            + " add one to Micrometer's global registry"));
    return Response.text(200, PROMETHEUS_TEXT, prometheus.scrape());
  }

  /** GET /api/openapi.json. */
  Response openApi(Request request) {
    return openApi.response();
  }

  private static Optional<PrometheusMeterRegistry> findIn(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return Optional.of(prometheus);
    }
    if (registry instanceof CompositeMeterRegistry composite) {
      for (MeterRegistry member : composite.getRegistries()) {
        Optional<PrometheusMeterRegistry> found = findIn(member);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
