package io.pipelinescheduler.http.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.ScheduleType;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A schedule as JSON: its {@link ScheduleInfo}, the last run's outcome, and its definition when it
 * is data-defined (the format of {@code PipelineScheduler.exportSchedules()}).
 *
 * @param name unique name
 * @param type kind of timing
 * @param spec the timing as text
 * @param description human-readable timing or the given description
 * @param timezone its zone
 * @param enabled false after disable
 * @param nextRun next fire time with the zone's offset, null when none
 * @param lastOutcome status of the latest run, null when it never ran
 * @param lastRun the latest run without output, null when it never ran
 * @param dataDefined true when its job is a command, a pipeline of commands or a job type
 * @param definition its definition when data-defined, else null
 * @param nextRuns the next few fire times; only for a single schedule
 * @param holidays the dates it skips; only for a single schedule that has a holiday calendar
 * @param successRate the share of its recent finished runs that succeeded (0 to 1), null when none
 * @param running whether a run of it is running now, on any instance
 * @param runningSince when its oldest running run started, null when none runs
 * @param after the schedules it runs after (type AFTER), in the order given; empty when none
 */
public record ScheduleView(
    String name,
    ScheduleType type,
    String spec,
    String description,
    ZoneId timezone,
    boolean enabled,
    ZonedDateTime nextRun,
    ExecutionStatus lastOutcome,
    RunView lastRun,
    boolean dataDefined,
    Map<String, Object> definition,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<ZonedDateTime> nextRuns,
    @JsonInclude(JsonInclude.Include.NON_NULL) HolidaysView holidays,
    Double successRate,
    boolean running,
    Instant runningSince,
    List<String> after) {

  /** The view of {@code info}; {@code definition} null for a schedule whose job is code. */
  public static ScheduleView of(
      ScheduleInfo info, Map<String, Object> definition, List<ZonedDateTime> nextRuns) {
    return of(info, definition, nextRuns, null);
  }

  /** The names an AFTER schedule runs after: its spec lists them joined by {@code ", "}. */
  private static List<String> after(ScheduleInfo info) {
    return info.type() == ScheduleType.AFTER
        ? Arrays.stream(info.spec().split(",")).map(String::strip).toList()
        : List.of();
  }

  /** The view of {@code info} with its holiday calendar ({@code holidays} null for none). */
  public static ScheduleView of(
      ScheduleInfo info,
      Map<String, Object> definition,
      List<ZonedDateTime> nextRuns,
      HolidaysView holidays) {
    return new ScheduleView(
        info.name(),
        info.type(),
        info.spec(),
        info.description(),
        info.timezone(),
        info.enabled(),
        info.nextRun(),
        info.lastRun() == null ? null : info.lastRun().status(),
        info.lastRun() == null ? null : RunView.summary(info.lastRun()),
        definition != null,
        definition,
        nextRuns,
        holidays,
        info.successRate(),
        info.running(),
        info.runningSince(),
        after(info));
  }
}
