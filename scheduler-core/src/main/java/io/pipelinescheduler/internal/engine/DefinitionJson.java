package io.pipelinescheduler.internal.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.SchedulerException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Data-defined schedules as JSON (Jackson): export, import, and comparing two definitions. */
public final class DefinitionJson {
  /** The deepest nesting of arrays and objects an import may have: {@value}. */
  public static final int MAX_DEPTH = 100;

  private static final ObjectMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * Reads imports as strictly as the REST API: a key twice in one object and text after the array
   * are errors, nesting is bounded (Jackson stops at the limit, before any deep recursion).
   */
  private static final ObjectMapper STRICT =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> ENTRY_FIELDS = Set.of("name", "definition");
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private DefinitionJson() {}

  /** One exported schedule: its name and its definition. */
  public record Entry(String name, Map<String, Object> definition) {}

  /** A JSON array of {@code {"name": …, "definition": {…}}}, in the order given. */
  public static String export(List<Entry> entries) {
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
   * Reads what {@link #export} wrote.
   *
   * @throws SchedulerException naming the line and column of malformed JSON (a key given twice in
   *     an object, text after the array), JSON nested deeper than {@value #MAX_DEPTH} levels, or
   *     the entry that has no name or definition
   * @throws InvalidScheduleException naming the schedule of an entry with a field other than name
   *     and definition, or a name given twice
   */
  public static List<Entry> parse(String json) {
    List<Map<String, Object>> array;
    try {
      array = STRICT.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
    } catch (JsonProcessingException e) {
      if (tooDeep(e)) {
        throw new SchedulerException(
            "importing schedules: the JSON is nested deeper than " + MAX_DEPTH + " levels", e);
      }
      throw new SchedulerException(
          "importing schedules: not a JSON array of schedules"
              + where(e.getLocation())
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

  private static String where(JsonLocation location) {
    return location == null
        ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** True when both definitions say the same, whatever their key order or number types. */
  public static boolean same(Map<String, Object> a, Map<String, Object> b) {
    if (a == null || b == null) {
      return a == b;
    }
    try {
      return CANONICAL.writeValueAsString(a).equals(CANONICAL.writeValueAsString(b));
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
