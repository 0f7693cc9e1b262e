package io.pipelinescheduler.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StepOutcome;
import io.pipelinescheduler.internal.config.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON of the scheduler, in one place: how a data-defined schedule's definition is stored
 * ({@link #writeDefinition}, {@link #readDefinition}), compared ({@link #sameDefinition}), exported
 * and imported ({@link #exportDefinitions}, {@link #importDefinitions}), the strict reading rules
 * of JSON that users send (imports, HTTP request bodies: {@link #strictMapperBuilder()}) and JSON
 * string literals written by hand ({@link #quote}), and the step outcomes of a pipeline run ({@link
 * #writeSteps}, {@link #readSteps}). A store keeps a definition as the text {@link
 * #writeDefinition} gives and hands back what {@link #readDefinition} reads from it.
 *
 * <p>A definition holds only JSON values: maps with string keys, lists, strings, numbers, booleans
 * and null. Read back, they are {@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code
 * Integer} (or {@code Long}, {@code BigInteger} when larger), {@code Double}, {@code Boolean} and
 * null. Stateless and thread-safe; Jackson does the work.
 */
public final class StoredJson {
  /** The deepest nesting of arrays and objects an import may have: {@value}. */
  public static final int MAX_DEPTH = 100;

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
  private static final Set<String> ENTRY_FIELDS = Set.of("name", "definition");

  /** Compact output; reads stored rows leniently, as they were always read. */
  private static final ObjectMapper PLAIN = JsonMapper.builder().build();

  /** Writes the definitions of the common types; see {@link PlainJsonWriter}. */
  private static final PlainJsonWriter PLAIN_DEFINITIONS = new PlainJsonWriter(PLAIN.getFactory());

  private static final ObjectWriter PRETTY = PLAIN.writer(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectWriter CANONICAL =
      PLAIN.writer(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** Strict and bounded: Jackson stops at the depth limit, before any deep recursion. */
  private static final ObjectMapper IMPORT =
      strictMapperBuilder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .build();

  private StoredJson() {}

  /** One exported schedule: its name and its definition. */
  public record Entry(String name, Map<String, Object> definition) {}

  /**
   * A new builder of a Jackson mapper that reads strictly: a key given twice in one object and text
   * after the value are errors. Add what a caller needs (modules, write features) and build.
   */
  public static JsonMapper.Builder strictMapperBuilder() {
    return strictMapperBuilder(JsonFactory.builder().build());
  }

  private static JsonMapper.Builder strictMapperBuilder(JsonFactory factory) {
    return JsonMapper.builder(factory)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Where Jackson stopped: {@code " at line L, column C"}, or {@code ""} when the failure has no
   * location (a broken limit such as the nesting depth).
   */
  public static String where(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * The definition as compact JSON text, or null for null.
   *
   * @throws InvalidScheduleException naming the schedule and the first value that is not JSON
   */
  public static String writeDefinition(String scheduleName, Map<String, Object> definition) {
    if (definition == null) {
      return null;
    }
    String plain = PLAIN_DEFINITIONS.write(definition);
    if (plain != null) {
      return plain;
    }
    // Only a definition with another type comes here: a number such as BigDecimal, or no JSON.
    checkJson(scheduleName, "definition", definition); // throws, naming where
    try {
      return PLAIN.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new InvalidScheduleException(
          scheduleName, "its definition cannot be written as JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * The definition read back from what {@link #writeDefinition} wrote, unmodifiable; null for null.
   *
   * @throws SchedulerException naming the schedule when the text is not a JSON object
   */
  public static Map<String, Object> readDefinition(String scheduleName, String json) {
    if (json == null) {
      return null;
    }
    try {
      return Collections.unmodifiableMap(PLAIN.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new SchedulerException(
          "schedule '"
              + scheduleName
              + "': the stored definition is not a JSON object: "
              + e.getOriginalMessage());
    }
  }

  /**
   * The step outcomes of a run as compact JSON text, for a store's column: an array of {@code
   * {"name", "status", "duration" (ISO-8601), "attempts", "error"}}; null when there are none (the
   * run's job is not a pipeline).
   */
  public static String writeSteps(List<StepOutcome> steps) {
    if (steps == null || steps.isEmpty()) {
      return null;
    }
    List<Map<String, Object>> array = new ArrayList<>(steps.size());
    for (StepOutcome step : steps) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", step.name());
      item.put("status", step.status().name());
      item.put("duration", step.duration().toString());
      item.put("attempts", step.attempts());
      item.put("error", step.error());
      array.add(item);
    }
    try {
      return PLAIN.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new SchedulerException("writing step outcomes failed: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The step outcomes read back from what {@link #writeSteps} wrote; empty for null.
   *
   * @throws SchedulerException naming the run when the text is not such an array
   */
  public static List<StepOutcome> readSteps(String runId, String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      List<Map<String, Object>> array =
          PLAIN.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
      List<StepOutcome> steps = new ArrayList<>(array.size());
      for (Map<String, Object> item : array) {
        steps.add(
            new StepOutcome(
                (String) item.get("name"),
                ExecutionStatus.valueOf((String) item.get("status")),
                Duration.parse((String) item.get("duration")),
                ((Number) item.get("attempts")).intValue(),
                (String) item.get("error")));
      }
      return List.copyOf(steps);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new SchedulerException(
          "run " + runId + ": the stored step outcomes cannot be read: " + e.getMessage(), e);
    }
  }

  /** True when both definitions say the same, whatever their key order or number types. */
  public static boolean sameDefinition(Map<String, Object> a, Map<String, Object> b) {
    if (a == null || b == null) {
      return a == b;
    }
    try {
      return CANONICAL.writeValueAsString(a).equals(CANONICAL.writeValueAsString(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** A JSON array of {@code {"name": …, "definition": {…}}}, indented, in the order given. */
  public static String exportDefinitions(List<Entry> entries) {
    List<Map<String, Object>> array = new ArrayList<>();
    for (Entry entry : entries) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", entry.name());
      item.put("definition", entry.definition());
      array.add(item);
    }
    try {
      return PRETTY.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new SchedulerException("exporting schedules failed: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads what {@link #exportDefinitions} wrote, strictly.
   *
   * @throws SchedulerException naming the line and column of malformed JSON (a key given twice in
   *     an object, text after the array), JSON nested deeper than {@value #MAX_DEPTH} levels, or
   *     the entry that has no name or definition
   * @throws InvalidScheduleException naming the schedule of an entry with a field other than name
   *     and definition, or a name given twice
   */
  public static List<Entry> importDefinitions(String json) {
    List<Map<String, Object>> array;
    try {
      array = IMPORT.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
    } catch (JsonProcessingException e) {
      if (tooDeep(e)) {
        throw new SchedulerException(
            "importing schedules: the JSON is nested deeper than " + MAX_DEPTH + " levels", e);
      }
      throw new SchedulerException(
          "importing schedules: not a JSON array of schedules"
              + where(e)
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      Map<String, Object> item = array.get(i);
      if (item == null
          || !(item.get("name") instanceof String name)
          || !(item.get("definition") instanceof Map<?, ?> definition)) {
        throw new SchedulerException(
            "importing schedules: entry "
                + i
                + " needs a \"name\" string and a \"definition\" object");
      }
      for (String key : item.keySet()) {
        if (!ENTRY_FIELDS.contains(key)) {
          throw new InvalidScheduleException(
              name, "unknown field '" + Names.show(key) + "' next to name and definition");
        }
      }
      if (!names.add(name)) {
        throw new InvalidScheduleException(
            name, "the name is given more than once in this import (entry " + i + ")");
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      definition.forEach((key, value) -> copy.put(String.valueOf(key), value));
      entries.add(new Entry(name, copy));
    }
    return entries;
  }

  /**
   * {@code value} as a JSON string literal, quotes included: {@code "} and {@code \} escaped,
   * {@code \b \f \n \r \t} as such, other characters below U+0020 and unpaired surrogates (which
   * UTF-8 cannot encode) as {@code \}{@code uXXXX} in lower-case hex. A null value gives {@code
   * null}.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 16).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A JSON object with one string member: {@code {"name":"value"}}, quoted by {@link #quote}. */
  public static String object(String name, String value) {
    return "{" + quote(name) + ":" + quote(value) + "}";
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  /** Whether Jackson stopped at the nesting limit (it may wrap that in a mapping error). */
  private static boolean tooDeep(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException limit
          && String.valueOf(limit.getOriginalMessage()).contains("nesting depth")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isScalar(Object value) {
    return value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean;
  }

  private static void checkJson(String scheduleName, String path, Object value) {
    if (isScalar(value)) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw notJson(
              scheduleName, path, "a map key " + entry.getKey() + " that is not a string");
        }
        checkJson(scheduleName, path + "." + key, entry.getValue());
      }
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        checkJson(scheduleName, path + "[" + i + "]", list.get(i));
      }
      return;
    }
    throw notJson(scheduleName, path, "a " + value.getClass().getName() + " (" + value + ")");
  }

  private static InvalidScheduleException notJson(String scheduleName, String path, String what) {
    return new InvalidScheduleException(
        scheduleName,
        path
            + " holds "
            + what
            + "; a stored definition may hold only maps with string keys, lists, strings,"
            + " numbers, booleans and null");
  }
}
