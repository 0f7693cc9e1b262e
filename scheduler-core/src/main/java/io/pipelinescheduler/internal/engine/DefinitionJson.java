package io.pipelinescheduler.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pipelinescheduler.SchedulerException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Data-defined schedules as JSON (Jackson): export, import, and comparing two definitions. */
public final class DefinitionJson {
  private static final ObjectMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
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
   * @throws SchedulerException naming the line and column of malformed JSON, or the entry that has
   *     no name or definition
   */
  public static List<Entry> parse(String json) {
    List<Map<String, Object>> array;
    try {
      array = PRETTY.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
    } catch (JsonProcessingException e) {
      throw new SchedulerException(
          "importing schedules: not a JSON array of schedules at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    List<Entry> entries = new ArrayList<>();
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
      Map<String, Object> copy = new LinkedHashMap<>();
      definition.forEach((key, value) -> copy.put(String.valueOf(key), value));
      entries.add(new Entry(name, copy));
    }
    return entries;
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
