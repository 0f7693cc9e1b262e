package io.pipelinescheduler.persistence.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.SchedulerException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of a data-defined schedule as JSON text. Only JSON values are accepted (maps with
 * string keys, lists, strings, numbers, booleans, null); they come back as {@code LinkedHashMap},
 * {@code ArrayList}, {@code String}, {@code Integer} (or {@code Long}, {@code BigInteger} when
 * larger), {@code Double}, {@code Boolean} and null. Thread-safe.
 */
final class DefinitionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private DefinitionJson() {}

  /**
   * The definition as JSON, or null for null.
   *
   * @throws InvalidScheduleException naming the schedule and the first value that is not JSON
   */
  static String write(String scheduleName, Map<String, Object> definition) {
    if (definition == null) {
      return null;
    }
    checkJson(scheduleName, "definition", definition);
    try {
      return MAPPER.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new InvalidScheduleException(
          scheduleName, "its definition cannot be written as JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * The definition read back, or null for null.
   *
   * @throws SchedulerException naming the schedule when the stored text is not a JSON object
   */
  static Map<String, Object> read(String scheduleName, String json) {
    if (json == null) {
      return null;
    }
    try {
      return Collections.unmodifiableMap(MAPPER.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new SchedulerException(
          "schedule '"
              + scheduleName
              + "': the stored definition is not a JSON object: "
              + e.getOriginalMessage());
    }
  }

  private static void checkJson(String scheduleName, String path, Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
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
