package io.pipelinescheduler.http.internal;

import java.util.List;
import java.util.Map;

/** Every route the server answers; {@code /api/openapi.json} documents the API ones. */
public final class ApiRoutes {
  private static final Map<String, Asset> DASHBOARD =
      Map.of(
          "app.js", Asset.load("dashboard/app.js", "text/javascript; charset=utf-8"),
          "app.css", Asset.load("dashboard/app.css", "text/css; charset=utf-8"),
          "favicon.svg", Asset.load("dashboard/favicon.svg", "image/svg+xml"));

  private ApiRoutes() {}

  /** The routes for these settings, in matching order. */
  public static List<Route> create(ApiSettings settings) {
    ScheduleEndpoints schedules =
        new ScheduleEndpoints(settings.scheduler(), settings.allowCommandJobs(), settings.names());
    RunEndpoints runs = new RunEndpoints(settings.scheduler());
    SystemEndpoints system =
        new SystemEndpoints(settings.scheduler(), settings.prometheusRegistry());
    Asset index = Asset.load("dashboard/index.html", "text/html; charset=utf-8");
    return List.of(
        Route.of("/api/schedules").get(schedules::list).post(schedules::create),
        Route.of("/api/schedules/{name}").get(schedules::get).delete(schedules::delete),
        Route.of("/api/schedules/{name}/history").get(schedules::history),
        Route.of("/api/schedules/{name}/enable").post(schedules::enable),
        Route.of("/api/schedules/{name}/disable").post(schedules::disable),
        Route.of("/api/schedules/{name}/run").post(schedules::run),
        Route.of("/api/runs").get(runs::list),
        Route.of("/api/runs/{runId}").get(runs::get),
        Route.of("/api/runs/{runId}/cancel").post(runs::cancel),
        Route.of("/api/runs/{runId}/retry").post(runs::retry),
        Route.of("/api/scheduler/health").get(system::health),
        Route.of("/api/openapi.json").get(system::openApi),
        Route.of("/metrics").get(system::metrics),
        Route.of("/").page().get(request -> index.page(request.basePath())),
        Route.of("/assets/{file}").page().get(ApiRoutes::dashboardFile));
  }

  private static Response dashboardFile(Request request) {
    Asset asset = DASHBOARD.get(request.path("file"));
    if (asset == null) {
      throw new ApiException(404, "no such dashboard file '" + request.path("file") + "'");
    }
    return asset.response();
  }
}
