package io.pipelinescheduler;

import io.pipelinescheduler.internal.engine.ScheduleDefinition;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * Builds a schedule again from its stored definition (as written by {@link ScheduleBuilder}), by
 * replaying it through the same fluent builder, so a stored schedule is validated exactly like a
 * new one.
 */
final class ScheduleData {
  private ScheduleData() {}

  /**
   * The schedule {@code name} built from {@code data}, validated but not registered.
   *
   * @throws InvalidScheduleException naming the field when the data is not a valid definition
   */
  static ScheduleDefinition define(
      PipelineScheduler scheduler, String name, Map<String, Object> data) {
    try {
      return replay(scheduler, name, data);
    } catch (InvalidScheduleException | NullPointerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidScheduleException(
          name,
          "stored definition is not valid: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
    }
  }

  private static ScheduleDefinition replay(
      PipelineScheduler scheduler, String name, Map<String, Object> data) {
    StoredValues values = new StoredValues(name, "", data);
    ScheduleBuilder builder = scheduler.schedule(name);
    applyTiming(builder, values.map("timing"));
    String zone = values.optionalText("zone");
    if (zone != null) {
      builder.timezone(ZoneId.of(zone));
    }
    String startAt = values.optionalText("startAt");
    if (startAt != null) {
      builder.startAt(Instant.parse(startAt));
    }
    String endAt = values.optionalText("endAt");
    if (endAt != null) {
      builder.endAt(Instant.parse(endAt));
    }
    builder.retries(values.integer("maxRetries"), Duration.parse(values.text("firstRetryDelay")));
    String timeout = values.optionalText("timeout");
    if (timeout != null) {
      builder.timeout(Duration.parse(timeout));
    }
    builder.overlap(OverlapPolicy.valueOf(values.text("overlap")));
    builder.misfire(MisfirePolicy.valueOf(values.text("misfire")));
    builder.dependsOn(values.texts("dependsOn").toArray(String[]::new));
    String description = values.optionalText("description");
    if (description != null) {
      builder.description(description);
    }
    if (values.has("excluding")) {
      builder.excluding(CalendarData.read(values.map("excluding")));
    }
    StoredValues job = values.map("job");
    if ("jobType".equals(job.text(JobData.KIND))) {
      return builder.define(job.text("jobType"), job.raw("params"));
    }
    return builder.define(JobData.toJob(job));
  }

  private static void applyTiming(ScheduleBuilder builder, StoredValues timing) {
    String kind = timing.text("kind");
    switch (kind) {
      case "cron" ->
          builder.cron(timing.text("expression"), CronFlavor.valueOf(timing.text("flavor")));
      case "daily" -> builder.daily(LocalTime.parse(timing.text("at")));
      case "hourly" -> builder.hourly(timing.integer("minute"));
      case "every" -> {
        if (timing.has("every")) {
          builder.every(Duration.parse(timing.text("every")));
        } else {
          builder.every(
              timing.integer("hours"), timing.integer("minutes"), timing.integer("seconds"));
        }
      }
      case "weekly" ->
          builder.weekly(DayOfWeek.valueOf(timing.text("day")), LocalTime.parse(timing.text("at")));
      case "monthly" ->
          builder.monthly(timing.integer("dayOfMonth"), LocalTime.parse(timing.text("at")));
      case "everyMonths" ->
          builder.everyMonths(
              timing.integer("months"),
              timing.integer("dayOfMonth"),
              LocalTime.parse(timing.text("at")));
      case "once" -> builder.once(Instant.parse(timing.text("at")));
      case "manual" -> builder.manual();
      default ->
          throw timing.invalid(
              "kind",
              kind,
              "one of cron, daily, hourly, every, weekly, monthly, everyMonths, once, manual");
    }
  }
}
