package io.pipelinescheduler.spi;

import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The readable columns of a stored data-defined schedule, as text: what a store with a table of
 * schedules (scheduler-persistence's {@code ps_schedules}) writes beside the definition's JSON so
 * that an operator can read and edit a schedule in plain SQL, and how such a row is read back.
 *
 * <p>The columns are the truth: {@link #read} compares each column with what the scheduler would
 * have written for the stored JSON ({@link #of}); a column that differs was edited (or the row was
 * inserted by hand without JSON) and wins. Parts of the definition that no column holds (retries,
 * policies, the job's parameters, environment, other fields) stay in the JSON, untouched.
 *
 * <p>Stateless and thread-safe.
 *
 * @param type the {@link ScheduleType} name ({@code schedule_type}); also accepted in lower case,
 *     and {@code EVERY_MONTHS} for {@link ScheduleType#EVERY_N_MONTHS}
 * @param spec the timing ({@code spec}), as {@link #spec} writes it, or shorter (see {@link
 *     #timing})
 * @param timeOfDay {@code HH:mm} for the daily, weekly, monthly and every-N-months types, else null
 * @param startDate {@code YYYY-MM-DD}: the date (in the schedule's zone) of its start, or null
 * @param zone the zone id, or null for the scheduler's zone
 * @param command the program of a command job, or null
 * @param arguments the command's arguments: words separated by spaces, or a JSON array of strings
 *     when one holds a space or a quote; null for none
 * @param jobType the job type of a schedule that runs a registered job type, or null
 */
public record ScheduleColumns(
    String type,
    String spec,
    String timeOfDay,
    String startDate,
    String zone,
    String command,
    String arguments,
    String jobType) {

  /** The key of the one-entry definition that {@link #unusable} makes. */
  public static final String UNUSABLE = "unusableRow";

  /** What reading a row gives: its type, canonical spec, zone and the whole definition. */
  public record Read(ScheduleType type, String spec, ZoneId zone, Map<String, Object> definition) {}

  private static final Pattern PLAIN_WORD = Pattern.compile("[^\\s\"'\\[\\]\\\\]+");

  /**
   * The columns the scheduler writes for {@code schedule}: type, spec and zone as stored, and the
   * time of day, start date, command, arguments and job type read from its definition (null where
   * the definition has none, or when it has no {@code timing} or {@code job} in the format of
   * {@code exportSchedules()}).
   */
  public static ScheduleColumns of(StoredSchedule schedule) {
    Map<String, Object> definition = schedule.definition();
    Derived derived = derive(definition, schedule.zone());
    return new ScheduleColumns(
        schedule.type().name(),
        schedule.spec(),
        derived.timeOfDay,
        derived.startDate,
        schedule.zone().getId(),
        derived.command,
        derived.arguments,
        derived.jobType);
  }

  /**
   * Whether a row is read through its columns: it names a command or a job type, or its JSON has a
   * {@code job} object with a {@code kind} (the format of {@code exportSchedules()}). Other rows (a
   * schedule whose job is code, or a definition in another format) are read as stored.
   */
  public static boolean readable(ScheduleColumns columns, Map<String, Object> definition) {
    return columns.command != null
        || columns.jobType != null
        || (definition != null
            && definition.get("job") instanceof Map<?, ?> job
            && job.get("kind") != null);
  }

  /**
   * The schedule a row says: the stored JSON ({@code stored}, may be null) with every edited column
   * carried into it. Returns {@code stored} itself when no column was edited.
   *
   * @param defaultZone the scheduler's zone, for a row without a zone
   * @throws InvalidScheduleException naming the column and its value when a column cannot be read,
   *     or when the row has no job (neither command nor job type)
   */
  public static Read read(
      String name, ScheduleColumns columns, Map<String, Object> stored, ZoneId defaultZone) {
    Map<String, Object> base = stored == null ? Map.of() : stored;
    ScheduleType type = TimingText.type(name, columns.type);
    ZoneId zone = columns.zone == null ? null : zone(name, columns.zone);
    Map<String, Object> baseTiming = map(base.get("timing"));
    Object baseZone = base.get("zone");
    ZoneId baseEffective = zoneOr(baseZone, defaultZone);
    Derived derived = derive(base, baseEffective);
    String baseType = baseTiming == null ? null : TimingText.typeOf(baseTiming.get("kind"));
    String baseSpec = baseTiming == null ? null : spec(baseTiming);
    Map<String, Object> definition = new LinkedHashMap<>(base);
    boolean changed = stored == null;
    // A row saved before schema version 3 has JSON and none of the newer columns yet (the scheduler
    // writes them when it saves the schedule next): the JSON says what those columns would.
    boolean before3 =
        stored != null
            && columns.timeOfDay == null
            && columns.startDate == null
            && columns.command == null
            && columns.arguments == null
            && columns.jobType == null;

    boolean timeEdited =
        !before3 && !Objects.equals(TimingText.time(columns.timeOfDay), derived.timeOfDay);
    if (baseTiming == null
        || !type.name().equals(baseType)
        || !Objects.equals(columns.spec, baseSpec)
        || timeEdited) {
      Map<String, Object> timing =
          TimingText.timing(name, type, columns.spec, columns.timeOfDay, baseTiming, timeEdited);
      if (!timing.equals(baseTiming)) {
        definition.put("timing", timing);
        changed = true;
      }
    }
    String zoneText = zone == null ? null : zone.getId();
    String baseZoneText = baseZone == null ? defaultZone.getId() : String.valueOf(baseZone);
    if (!Objects.equals(zoneText == null ? defaultZone.getId() : zoneText, baseZoneText)) {
      definition.put("zone", zoneText);
      changed = true;
    }
    ZoneId effective = zone != null ? zone : defaultZone;
    if (!before3 && !Objects.equals(columns.startDate, derived.startDate)) {
      definition.put(
          "startAt",
          columns.startDate == null
              ? null
              : date(name, columns.startDate).atStartOfDay(effective).toInstant().toString());
      changed = true;
    }
    if (!before3) {
      changed |= readJob(name, columns, base, derived, definition);
    }
    if (!(definition.get("job") instanceof Map<?, ?>)) {
      throw new InvalidScheduleException(
          name, "the row has no job: set the column command (a program) or job_type");
    }
    Map<String, Object> timing = map(definition.get("timing"));
    String spec = spec(timing);
    return new Read(type, spec == null ? "" : spec, effective, changed ? definition : stored);
  }

  private static boolean readJob(
      String name,
      ScheduleColumns columns,
      Map<String, Object> base,
      Derived derived,
      Map<String, Object> definition) {
    if (columns.command != null && columns.jobType != null) {
      throw new InvalidScheduleException(
          name,
          "the row sets both command '"
              + columns.command
              + "' and job_type '"
              + columns.jobType
              + "'; set one of them");
    }
    Map<String, Object> baseJob = map(base.get("job"));
    String baseKind = baseJob == null ? null : String.valueOf(baseJob.get("kind"));
    if (columns.command != null
        && (!columns.command.equals(derived.command)
            || !Objects.equals(columns.arguments, derived.arguments))) {
      Map<String, Object> job =
          "command".equals(baseKind) ? new LinkedHashMap<>(baseJob) : new LinkedHashMap<>();
      job.put("kind", "command");
      job.put("program", columns.command);
      job.put("arguments", arguments(name, columns.arguments));
      definition.put("job", job);
      return true;
    }
    if (columns.jobType != null && !columns.jobType.equals(derived.jobType)) {
      Map<String, Object> job =
          "jobType".equals(baseKind) ? new LinkedHashMap<>(baseJob) : new LinkedHashMap<>();
      job.put("kind", "jobType");
      job.put("jobType", columns.jobType);
      job.putIfAbsent("params", Map.of());
      definition.put("job", job);
      return true;
    }
    if (columns.command == null && columns.jobType == null && derived.names()) {
      throw new InvalidScheduleException(
          name, "the row's command and job_type are both empty; set one of them");
    }
    return false;
  }

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
   * </ul>
   *
   * When the spec holds a time and a time of day is given too, the spec's wins unless {@code
   * timeOfDayWins}.
   *
   * @throws InvalidScheduleException naming the column and its value when it cannot be read
   */
  public static Map<String, Object> timing(
      String name,
      ScheduleType type,
      String spec,
      String timeOfDay,
      Map<String, Object> base,
      boolean timeOfDayWins) {
    return TimingText.timing(name, type, spec, timeOfDay, base, timeOfDayWins);
  }

  /**
   * The spec of a timing as the scheduler shows it ({@code ScheduleInfo.spec()}): {@code 09:00},
   * {@code :05}, {@code PT15M}, the cron expression, {@code MONDAY 09:00}, {@code day 1 at 09:00},
   * {@code every 6 months on day 1 at 09:00}, the instant, {@code manual}; null when the timing
   * cannot be read.
   */
  public static String spec(Map<String, Object> timing) {
    return TimingText.spec(timing);
  }

  /**
   * The {@link ScheduleType} a {@code schedule_type} column names: its name in any case, or {@code
   * EVERY_MONTHS}.
   *
   * @throws InvalidScheduleException naming the value and the accepted ones
   */
  public static ScheduleType type(String name, String text) {
    return TimingText.type(name, text);
  }

  /** A definition standing for a row that cannot be used, holding only the reason. */
  public static Map<String, Object> unusable(String reason) {
    return Map.of(UNUSABLE, reason);
  }

  /** The reason of a definition made by {@link #unusable}, else null. */
  public static String unusableReason(Map<String, Object> definition) {
    return definition != null
            && definition.size() == 1
            && definition.get(UNUSABLE) instanceof String
        ? (String) definition.get(UNUSABLE)
        : null;
  }

  // ---- what the scheduler writes ----

  /** The columns read from a definition. */
  private record Derived(
      String timeOfDay, String startDate, String command, String arguments, String jobType) {
    /** Whether the definition's job is one that a column names. */
    boolean names() {
      return command != null || jobType != null;
    }
  }

  private static Derived derive(Map<String, Object> definition, ZoneId zone) {
    if (definition == null) {
      return new Derived(null, null, null, null, null);
    }
    Map<String, Object> timing = map(definition.get("timing"));
    String timeOfDay = null;
    if (timing != null && timing.get("at") != null && !"once".equals(timing.get("kind"))) {
      timeOfDay = TimingText.time(String.valueOf(timing.get("at")));
    }
    String startDate = null;
    if (definition.get("startAt") instanceof String startAt) {
      try {
        startDate =
            Instant.parse(startAt)
                .atZone(zoneOr(definition.get("zone"), zone))
                .toLocalDate()
                .toString();
      } catch (DateTimeException unreadable) {
        startDate = null;
      }
    }
    Map<String, Object> job = map(definition.get("job"));
    String command = null;
    String arguments = null;
    String jobType = null;
    if (job != null
        && "command".equals(job.get("kind"))
        && job.get("program") instanceof String p) {
      command = p;
      arguments = job.get("arguments") instanceof List<?> list ? arguments(list) : null;
    } else if (job != null
        && "jobType".equals(job.get("kind"))
        && job.get("jobType") instanceof String t) {
      jobType = t;
    }
    return new Derived(timeOfDay, startDate, command, arguments, jobType);
  }

  /** Words separated by spaces when each is a plain word, else a JSON array; null for none. */
  static String arguments(List<?> arguments) {
    if (arguments.isEmpty()) {
      return null;
    }
    List<String> words = new ArrayList<>();
    boolean plain = true;
    for (Object argument : arguments) {
      String word = String.valueOf(argument);
      plain &= PLAIN_WORD.matcher(word).matches();
      words.add(word);
    }
    if (plain) {
      return String.join(" ", words);
    }
    List<String> quoted = words.stream().map(StoredJson::quote).toList();
    return "[" + String.join(", ", quoted) + "]";
  }

  private static List<String> arguments(String name, String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String stripped = text.strip();
    if (!stripped.startsWith("[")) {
      return List.of(stripped.split("\\s+"));
    }
    Map<String, Object> holder;
    try {
      holder = StoredJson.readDefinition(name, "{\"a\":" + stripped + "}");
    } catch (RuntimeException e) {
      throw TimingText.bad(
          name, "arguments", text, "words separated by spaces, or a JSON array of strings");
    }
    if (!(holder.get("a") instanceof List<?> list)
        || !list.stream().allMatch(item -> item instanceof String)) {
      throw TimingText.bad(
          name, "arguments", text, "words separated by spaces, or a JSON array of strings");
    }
    return list.stream().map(String.class::cast).toList();
  }

  // ---- small readers ----

  private static LocalDate date(String name, String text) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeException e) {
      throw TimingText.bad(name, "start_date", text, "a date, YYYY-MM-DD (2027-01-01)");
    }
  }

  private static ZoneId zone(String name, String text) {
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException e) {
      throw TimingText.bad(name, "zone_id", text, "a time zone id, Europe/Berlin or UTC");
    }
  }

  private static ZoneId zoneOr(Object zone, ZoneId fallback) {
    if (zone instanceof String id) {
      try {
        return ZoneId.of(id);
      } catch (DateTimeException unreadable) {
        return fallback;
      }
    }
    return fallback;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return null;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<Object, Object>) map).forEach((k, v) -> copy.put(String.valueOf(k), v));
    return copy;
  }
}
