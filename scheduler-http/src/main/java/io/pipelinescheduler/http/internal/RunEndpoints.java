package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.UnknownScheduleException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /api/runs}: the runs of every schedule by state, one run, its cancel and its retry. */
final class RunEndpoints {
  private static final Set<ExecutionStatus> RETRYABLE =
      EnumSet.of(
          ExecutionStatus.FAILED,
          ExecutionStatus.TIMED_OUT,
          ExecutionStatus.CANCELLED,
          ExecutionStatus.ABANDONED);

  private final PipelineScheduler scheduler;

  RunEndpoints(PipelineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * GET /api/runs?state=FAILED,RUNNING&amp;limit=50: the latest runs of every schedule (of every
   * instance sharing the store) in these states, newest first, without output; every state when
   * {@code state} is absent.
   */
  Response list(Request request) {
    Set<ExecutionStatus> states = states(request.query("state"));
    int limit = ScheduleEndpoints.limit(request.query("limit"));
    List<RunView> runs = scheduler.getRuns(states, limit).stream().map(RunView::summary).toList();
    return Response.json(200, runs);
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
        named(run)
            + " is not in flight on this instance (status "
            + run.status()
            + "); nothing to cancel");
  }

  /**
   * POST /api/runs/{runId}/retry: a new manual run of the schedule of a run that ended without
   * success; 202 like {@code POST /api/schedules/{name}/run}, 409 for a run that succeeded or has
   * not ended, 404 when its schedule is gone.
   */
  Response retry(Request request) {
    String runId = request.path("runId");
    ExecutionRecord run = find(runId);
    if (!RETRYABLE.contains(run.status())) {
      throw new ApiException(
          409,
          named(run)
              + " is "
              + run.status()
              + "; only a run that ended "
              + RETRYABLE
              + " can be retried");
    }
    if (scheduler.getSchedule(run.scheduleName()).isEmpty()) {
      throw new UnknownScheduleException(run.scheduleName());
    }
    if (!scheduler.isRunning()) {
      throw new ApiException(
          409, "run '" + runId + "': the scheduler is not running; it cannot run it again now");
    }
    return ScheduleEndpoints.accepted(request, scheduler.startRun(run.scheduleName()));
  }

  /** How an error names a run: {@code run '…' of schedule '…'}. */
  private static String named(ExecutionRecord run) {
    return "run '" + run.runId() + "' of schedule '" + run.scheduleName() + "'";
  }

  private ExecutionRecord find(String runId) {
    return scheduler
        .getRun(runId)
        .orElseThrow(() -> new ApiException(404, "unknown run '" + runId + "'"));
  }

  /** The {@code state} query parameter: states separated by commas, any case; none for all. */
  private static Set<ExecutionStatus> states(Optional<String> text) {
    Set<ExecutionStatus> states = EnumSet.noneOf(ExecutionStatus.class);
    if (text.isEmpty() || text.get().isBlank()) {
      return states;
    }
    for (String part : text.get().split(",", -1)) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      try {
        states.add(ExecutionStatus.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new ApiException(
            400,
            "state has '"
                + part.strip()
                + "'; use states separated by commas from "
                + Arrays.toString(ExecutionStatus.values()));
      }
    }
    return states;
  }
}
