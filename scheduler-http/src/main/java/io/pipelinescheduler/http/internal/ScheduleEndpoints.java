package io.pipelinescheduler.http.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.UnknownScheduleException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/schedules} and below. */
final class ScheduleEndpoints {
  static final int DEFAULT_HISTORY_LIMIT = 50;
  static final int MAX_HISTORY_LIMIT = 1000;
  private static final int NEXT_RUNS = 5;

  private final PipelineScheduler scheduler;
  private final CommandJobPolicy commandJobs;

  ScheduleEndpoints(PipelineScheduler scheduler, boolean allowCommandJobs, OptionNames names) {
    this.scheduler = scheduler;
    this.commandJobs = new CommandJobPolicy(allowCommandJobs, names);
  }

  /** GET /api/schedules. */
  Response list(Request request) {
    Map<String, Map<String, Object>> definitions = definitions();
    List<ScheduleView> views =
        scheduler.listSchedules().stream().map(info -> view(info, definitions, null)).toList();
    return Response.json(200, views);
  }

  /** POST /api/schedules. */
  Response create(Request request) throws IOException {
    ScheduleRequest parsed = ScheduleRequest.parse(request.body());
    commandJobs.check(parsed.entries());
    boolean anyNew =
        parsed.names().stream().anyMatch(name -> scheduler.getSchedule(name).isEmpty());
    List<ScheduleInfo> created;
    try {
      created = scheduler.importSchedules(parsed.importJson());
    } catch (InvalidScheduleException e) {
      throw e;
    } catch (SchedulerException e) {
      throw new ApiException(400, e.getMessage());
    }
    Map<String, Map<String, Object>> definitions = definitions();
    List<ScheduleView> views = created.stream().map(info -> view(info, definitions, null)).toList();
    int status = anyNew ? 201 : 200;
    if (parsed.single() && views.size() == 1) {
      return Response.json(status, views.get(0))
          .withHeader(
              "Location", request.basePath() + "/api/schedules/" + encode(views.get(0).name()));
    }
    return Response.json(status, views);
  }

  /** GET /api/schedules/{name}. */
  Response get(Request request) {
    String name = request.path("name");
    ScheduleInfo info = require(name);
    HolidaysView holidays =
        scheduler
            .getHolidayCalendar(name)
            .map(calendar -> HolidaysView.of(calendar, info.timezone()))
            .orElse(null);
    return Response.json(
        200,
        ScheduleView.of(
            info, definitions().get(name), scheduler.nextRuns(name, NEXT_RUNS), holidays));
  }

  /** GET /api/schedules/{name}/history?limit=. */
  Response history(Request request) {
    String name = request.path("name");
    int limit = limit(request.query("limit"));
    List<ExecutionRecord> records = scheduler.getHistory(name, limit);
    if (records.isEmpty() && scheduler.getSchedule(name).isEmpty()) {
      throw new UnknownScheduleException(name);
    }
    return Response.json(200, records.stream().map(RunView::summary).toList());
  }

  /** POST /api/schedules/{name}/enable. */
  Response enable(Request request) {
    String name = request.path("name");
    scheduler.enable(name);
    return Response.json(200, view(require(name), definitions(), null));
  }

  /** POST /api/schedules/{name}/disable. */
  Response disable(Request request) {
    String name = request.path("name");
    scheduler.disable(name);
    return Response.json(200, view(require(name), definitions(), null));
  }

  /**
   * POST /api/schedules/{name}/run[?downstream=false]: 202 with the run id. With {@code
   * downstream=false} its success triggers no schedule after it.
   */
  Response run(Request request) {
    String name = request.path("name");
    require(name);
    String downstream = request.query("downstream").orElse("true");
    if (!downstream.equals("true") && !downstream.equals("false")) {
      throw new ApiException(
          400, "query parameter downstream is '" + downstream + "'; expected true or false");
    }
    if (!scheduler.isRunning()) {
      throw new ApiException(
          409, "schedule '" + name + "': the scheduler is not running; it cannot run now");
    }
    return accepted(request, scheduler.startRun(name, Boolean.parseBoolean(downstream)));
  }

  /** 202 for a run just started: its id, status and where to follow it. */
  static Response accepted(Request request, ExecutionRecord started) {
    String location = request.basePath() + "/api/runs/" + encode(started.runId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scheduleName", started.scheduleName());
    body.put("runId", started.runId());
    body.put("status", started.status().name());
    body.put("url", location);
    return Response.json(202, body).withHeader("Location", location);
  }

  /** DELETE /api/schedules/{name}: 204, or 404 when there was none. */
  Response delete(Request request) {
    String name = request.path("name");
    if (!scheduler.unschedule(name)) {
      throw new UnknownScheduleException(name);
    }
    return Response.noContent();
  }

  private ScheduleInfo require(String name) {
    return scheduler.getSchedule(name).orElseThrow(() -> new UnknownScheduleException(name));
  }

  private ScheduleView view(
      ScheduleInfo info,
      Map<String, Map<String, Object>> definitions,
      List<java.time.ZonedDateTime> nextRuns) {
    return ScheduleView.of(info, definitions.get(info.name()), nextRuns);
  }

  /**
   * Definitions of the data-defined schedules by name, from {@code exportSchedules()}, with what
   * looks like a secret masked.
   */
  private Map<String, Map<String, Object>> definitions() {
    Map<String, Map<String, Object>> byName = new HashMap<>();
    try {
      JsonNode exported = Response.MAPPER.readTree(scheduler.exportSchedules());
      for (JsonNode entry : exported) {
        byName.put(
            entry.path("name").asText(),
            SecretMask.definition(
                Response.MAPPER.convertValue(
                    entry.path("definition"),
                    new TypeReference<LinkedHashMap<String, Object>>() {})));
      }
    } catch (IOException e) {
      throw new SchedulerException("cannot read exportSchedules(): " + e.getMessage(), e);
    }
    return byName;
  }

  /** The {@code limit} query parameter: 1 to {@value #MAX_HISTORY_LIMIT}, default 50. */
  static int limit(Optional<String> text) {
    if (text.isEmpty()) {
      return DEFAULT_HISTORY_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.get().strip());
      if (limit >= 1 && limit <= MAX_HISTORY_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(
        400,
        "limit must be a whole number from 1 to "
            + MAX_HISTORY_LIMIT
            + ", was '"
            + text.get()
            + "'");
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
