package io.pipelinescheduler;

import io.pipelinescheduler.internal.engine.ScheduleDefinition;
import java.net.URI;
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
    // Left out (a row inserted by hand): the builder's defaults, as an import fills them.
    if (values.has("maxRetries") || values.has("firstRetryDelay")) {
      builder.retries(
          values.has("maxRetries") ? values.integer("maxRetries") : 0,
          values.has("firstRetryDelay")
              ? Duration.parse(values.text("firstRetryDelay"))
              : Duration.ZERO);
    }
    String timeout = values.optionalText("timeout");
    if (timeout != null) {
      builder.timeout(Duration.parse(timeout));
    }
    if (values.has("overlap")) {
      builder.overlap(OverlapPolicy.valueOf(values.text("overlap")));
    }
    if (values.has("misfire")) {
      builder.misfire(MisfirePolicy.valueOf(values.text("misfire")));
    }
    builder.dependsOn(values.texts("dependsOn").toArray(String[]::new));
    String description = values.optionalText("description");
    if (description != null) {
      builder.description(description);
    }
    if (values.has("notify")) {
      notifications(builder, values.map("notify"));
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

  private static void notifications(ScheduleBuilder builder, StoredValues notify) {
    builder.notifyEmail(notify.texts("emails").toArray(String[]::new));
    for (String webhook : notify.texts("webhooks")) {
      builder.notifyWebhook(URI.create(webhook));
    }
    if (notify.has("on")) {
      builder.notifyOn(notify.texts("on").stream().map(NotifyOn::valueOf).toArray(NotifyOn[]::new));
    }
  }

  private static void applyTiming(ScheduleBuilder builder, StoredValues timing) {
    String kind = timing.text("kind");
    switch (kind) {
      case "cron" ->
          builder.cron(
              timing.text("expression"),
              timing.has("flavor") ? CronFlavor.valueOf(timing.text("flavor")) : CronFlavor.UNIX);
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
      case "after" -> builder.after(timing.texts("after").toArray(String[]::new));
      default ->
          throw timing.invalid(
              "kind",
              kind,
              "one of cron, daily, hourly, every, weekly, monthly, everyMonths, once, manual,"
                  + " after");
    }
  }
}
