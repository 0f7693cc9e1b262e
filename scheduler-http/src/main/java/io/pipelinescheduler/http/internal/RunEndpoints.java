package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/runs/{runId}} and its cancel. */
final class RunEndpoints {
  private final PipelineScheduler scheduler;

  RunEndpoints(PipelineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** GET /api/runs/{runId}: the run with its output. */
  Response get(Request request) {
    String runId = request.path("runId");
    return Response.json(200, RunView.full(find(runId)));
  }

  /** POST /api/runs/{runId}/cancel: 202 when asked to stop, 409 when not in flight here. */
  Response cancel(Request request) {
    String runId = request.path("runId");
    if (scheduler.cancel(runId)) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("runId", runId);
      body.put("cancelRequested", true);
      return Response.json(202, body);
    }
    ExecutionRecord run = find(runId);
    throw new ApiException(
        409,
        "run '"
            + runId
            + "' of schedule '"
            + run.scheduleName()
            + "' is not in flight on this instance (status "
            + run.status()
            + "); nothing to cancel");
  }

  private ExecutionRecord find(String runId) {
    return scheduler
        .getRun(runId)
        .orElseThrow(() -> new ApiException(404, "unknown run '" + runId + "'"));
  }
}
