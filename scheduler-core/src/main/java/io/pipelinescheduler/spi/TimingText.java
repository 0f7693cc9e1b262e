package io.pipelinescheduler.spi;

import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.ScheduleType;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timing of a {@link ScheduleColumns} row: its type, spec and time of day read as a timing in
 * the format of {@code exportSchedules()}, and a timing written as its spec. Stateless.
 */
final class TimingText {
  private TimingText() {}

  private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
  private static final Pattern WEEKLY =
      Pattern.compile("([A-Za-z]+)(?:\\s+(?:at\\s+)?(" + TIME.pattern() + "))?");
  private static final Pattern MONTHLY =
      Pattern.compile("(?:day\\s+)?(\\d{1,2})(?:\\s+(?:at\\s+)?(" + TIME.pattern() + "))?");
  private static final Pattern EVERY_MONTHS =
      Pattern.compile(
          "(?:every\\s+)?(\\d{1,3})\\s*(?:months?)?\\s*(?:on\\s+)?(?:day\\s+)?(\\d{1,2})"
              + "(?:\\s+(?:at\\s+)?("
              + TIME.pattern()
              + "))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern HOURLY = Pattern.compile(":?(\\d{1,2})");

  /**
   * A timing (as in {@code exportSchedules()}) from a type, a spec and a time of day; {@code base}
   * (the timing stored before, may be null) gives what they leave out when it is of the same kind
   * (a cron's flavor, a weekly's day). The spec may be shorter than {@link #spec} writes it:
   *
   * <ul>
   *   <li>DAILY: {@code 09:00}, or null with the time of day
   *   <li>HOURLY: {@code :05} or {@code 5}
   *   <li>INTERVAL: an ISO-8601 duration, {@code PT15M}
   *   <li>CRON: the expression; a new one with 5 fields is UNIX, with 6 or 7 QUARTZ
   *   <li>WEEKLY: {@code MONDAY 09:00}, or {@code MONDAY} / {@code mon} with the time of day
   *   <li>MONTHLY: {@code day 1 at 09:00}, or {@code 1} with the time of day
   *   <li>EVERY_N_MONTHS: {@code every 6 months on day 1 at 09:00}, or {@code 6 1} with the time
   *   <li>ONCE: an instant, {@code 2027-01-01T09:00:00Z}
   *   <li>MANUAL: anything, or null
   *   <li>AFTER: the upstream schedule names, comma-separated: {@code extract, transform}
   * </ul>
   *
   * When the spec holds a time and a time of day is given too, the spec's wins unless {@code
   * timeOfDayWins}.
   *
   * @throws InvalidScheduleException naming the column and its value when it cannot be read
   */
  static Map<String, Object> timing(
      String name,
      ScheduleType type,
      String spec,
      String timeOfDay,
      Map<String, Object> base,
      boolean timeOfDayWins) {
    Map<String, Object> same =
        base != null && type.name().equals(typeOf(base.get("kind"))) ? base : null;
    String text = spec == null ? null : spec.strip();
    if (text != null && text.isEmpty()) {
      text = null;
    }
    Map<String, Object> timing = new LinkedHashMap<>();
    switch (type) {
      case CRON -> {
        String expression = required(name, type, text, "a cron expression, 0 9 * * MON-FRI");
        timing.put("kind", "cron");
        timing.put("expression", expression);
        Object flavor = same == null ? null : same.get("flavor");
        timing.put(
            "flavor",
            flavor != null ? flavor : expression.split("\\s+").length == 5 ? "UNIX" : "QUARTZ");
      }
      case DAILY -> {
        timing.put("kind", "daily");
        String specTime = text == null ? null : time(name, "spec", text);
        timing.put("at", pickTime(name, type, specTime, timeOfDay, same, timeOfDayWins));
      }
      case HOURLY -> {
        timing.put("kind", "hourly");
        if (text == null && same != null) {
          timing.put("minute", same.get("minute"));
        } else {
          Matcher m = matcher(name, type, HOURLY, text, ":05");
          timing.put("minute", Integer.parseInt(m.group(1)));
        }
      }
      case INTERVAL -> {
        String every = required(name, type, text, "an ISO-8601 duration, PT15M");
        try {
          timing.put("kind", "every");
          timing.put("every", Duration.parse(every.toUpperCase(Locale.ROOT)).toString());
        } catch (DateTimeException e) {
          throw bad(name, "spec", every, "an ISO-8601 duration for INTERVAL, PT15M");
        }
      }
      case WEEKLY -> {
        timing.put("kind", "weekly");
        String specTime = null;
        if (text == null && same != null) {
          timing.put("day", same.get("day"));
        } else {
          Matcher m = matcher(name, type, WEEKLY, text, "MONDAY 09:00, or mon with time_of_day");
          timing.put("day", day(name, m.group(1)));
          specTime = m.group(2) == null ? null : time(name, "spec", m.group(2));
        }
        timing.put("at", pickTime(name, type, specTime, timeOfDay, same, timeOfDayWins));
      }
      case MONTHLY -> {
        timing.put("kind", "monthly");
        String specTime = null;
        if (text == null && same != null) {
          timing.put("dayOfMonth", same.get("dayOfMonth"));
        } else {
          Matcher m = matcher(name, type, MONTHLY, text, "day 1 at 09:00, or 1 with time_of_day");
          timing.put("dayOfMonth", Integer.parseInt(m.group(1)));
          specTime = m.group(2) == null ? null : time(name, "spec", m.group(2));
        }
        timing.put("at", pickTime(name, type, specTime, timeOfDay, same, timeOfDayWins));
      }
      case EVERY_N_MONTHS -> {
        timing.put("kind", "everyMonths");
        String specTime = null;
        if (text == null && same != null) {
          timing.put("months", same.get("months"));
          timing.put("dayOfMonth", same.get("dayOfMonth"));
        } else {
          Matcher m =
              matcher(
                  name,
                  type,
                  EVERY_MONTHS,
                  text,
                  "every 6 months on day 1 at 09:00, or 6 1 with time_of_day");
          timing.put("months", Integer.parseInt(m.group(1)));
          timing.put("dayOfMonth", Integer.parseInt(m.group(2)));
          specTime = m.group(3) == null ? null : time(name, "spec", m.group(3));
        }
        timing.put("at", pickTime(name, type, specTime, timeOfDay, same, timeOfDayWins));
      }
      case ONCE -> {
        String at = required(name, type, text, "an instant, 2027-01-01T09:00:00Z");
        try {
          timing.put("kind", "once");
          timing.put("at", Instant.parse(at).toString());
        } catch (DateTimeException e) {
          throw bad(name, "spec", at, "an instant for ONCE, 2027-01-01T09:00:00Z");
        }
      }
      case MANUAL -> timing.put("kind", "manual");
      case AFTER -> {
        String names =
            required(name, type, text, "the upstream schedule names, extract, transform");
        timing.put("kind", "after");
        timing.put("after", java.util.List.of(names.strip().split("\\s*,\\s*")));
      }
    }
    // The stored timing when it says the same in other words (every(1, 0, 0) is PT1H).
    if (same != null && Objects.equals(spec(same), spec(timing))) {
      if (!"cron".equals(timing.get("kind"))
          || Objects.equals(same.get("flavor"), timing.get("flavor"))) {
        return same;
      }
    }
    return timing;
  }

  /**
   * The spec of a timing as the scheduler shows it ({@code ScheduleInfo.spec()}): {@code 09:00},
   * {@code :05}, {@code PT15M}, the cron expression, {@code MONDAY 09:00}, {@code day 1 at 09:00},
   * {@code every 6 months on day 1 at 09:00}, the instant, {@code manual}; null when the timing
   * cannot be read.
   */
  static String spec(Map<String, Object> timing) {
    if (timing == null) {
      return null;
    }
    try {
      return switch (String.valueOf(timing.get("kind"))) {
        case "cron" -> String.valueOf(timing.get("expression")).strip().replaceAll("\\s+", " ");
        case "daily" -> at(timing);
        case "hourly" -> String.format(":%02d", integer(timing.get("minute")));
        case "every" ->
            timing.get("every") != null
                ? Duration.parse(String.valueOf(timing.get("every"))).toString()
                : Duration.ofHours(integer(timing.get("hours")))
                    .plusMinutes(integer(timing.get("minutes")))
                    .plusSeconds(integer(timing.get("seconds")))
                    .toString();
        case "weekly" -> DayOfWeek.valueOf(String.valueOf(timing.get("day"))) + " " + at(timing);
        case "monthly" -> "day " + integer(timing.get("dayOfMonth")) + " at " + at(timing);
        case "everyMonths" ->
            "every "
                + integer(timing.get("months"))
                + " months on day "
                + integer(timing.get("dayOfMonth"))
                + " at "
                + at(timing);
        case "once" -> Instant.parse(String.valueOf(timing.get("at"))).toString();
        case "manual" -> "manual";
        case "after" ->
            String.join(
                ", ",
                ((java.util.List<?>) timing.get("after")).stream().map(String::valueOf).toList());
        default -> null;
      };
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  /**
   * The {@link ScheduleType} a {@code schedule_type} column names: its name in any case, or {@code
   * EVERY_MONTHS}.
   *
   * @throws InvalidScheduleException naming the value and the accepted ones
   */
  static ScheduleType type(String name, String text) {
    if (text == null || text.isBlank()) {
      throw bad(name, "schedule_type", text, "one of " + Arrays.toString(ScheduleType.values()));
    }
    String upper = text.strip().toUpperCase(Locale.ROOT);
    if (upper.equals("EVERY_MONTHS")) {
      return ScheduleType.EVERY_N_MONTHS;
    }
    try {
      return ScheduleType.valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw bad(name, "schedule_type", text, "one of " + Arrays.toString(ScheduleType.values()));
    }
  }

  private static String pickTime(
      String name,
      ScheduleType type,
      String specTime,
      String timeOfDay,
      Map<String, Object> same,
      boolean timeOfDayWins) {
    String column = timeOfDay == null ? null : time(name, "time_of_day", timeOfDay);
    if (specTime != null && (column == null || !timeOfDayWins)) {
      return specTime;
    }
    if (column != null) {
      return column;
    }
    if (same != null && same.get("at") != null) {
      return String.valueOf(same.get("at"));
    }
    throw new InvalidScheduleException(
        name,
        "schedule_type " + type + " needs a time: set time_of_day (HH:mm) or end spec with it");
  }

  private static String required(String name, ScheduleType type, String text, String example) {
    if (text == null) {
      throw bad(name, "spec", null, example + " for " + type);
    }
    return text;
  }

  private static Matcher matcher(
      String name, ScheduleType type, Pattern pattern, String text, String example) {
    Matcher m = pattern.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw bad(name, "spec", text, example + " for " + type);
    }
    return m;
  }

  private static String day(String name, String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().equals(upper) || (upper.length() == 3 && day.name().startsWith(upper))) {
        return day.name();
      }
    }
    throw bad(name, "spec", text, "a day of the week, MONDAY or MON");
  }

  /** {@code H:mm[:ss]} as {@link LocalTime#toString()}; null for null or unreadable text. */
  static String time(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = TIME.matcher(text.strip());
    if (!m.matches()) {
      return null;
    }
    try {
      return LocalTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              m.group(3) == null ? 0 : Integer.parseInt(m.group(3)))
          .toString();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static String time(String name, String column, String text) {
    String time = time(text);
    if (time == null) {
      throw bad(name, column, text, "a time of day, HH:mm (09:00)");
    }
    return time;
  }

  private static String at(Map<String, Object> timing) {
    return LocalTime.parse(String.valueOf(timing.get("at"))).toString();
  }

  static String typeOf(Object kind) {
    return switch (String.valueOf(kind)) {
      case "cron" -> "CRON";
      case "daily" -> "DAILY";
      case "hourly" -> "HOURLY";
      case "every" -> "INTERVAL";
      case "weekly" -> "WEEKLY";
      case "monthly" -> "MONTHLY";
      case "everyMonths" -> "EVERY_N_MONTHS";
      case "once" -> "ONCE";
      case "manual" -> "MANUAL";
      case "after" -> "AFTER";
      default -> null;
    };
  }

  private static int integer(Object value) {
    return ((Number) value).intValue();
  }

  static InvalidScheduleException bad(String name, String column, String value, String expected) {
    return new InvalidScheduleException(
        name,
        "column "
            + column
            + " is "
            + (value == null ? "empty" : "'" + value + "'")
            + "; expected "
            + expected);
  }
}
