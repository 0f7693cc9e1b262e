package io.pipelinescheduler.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.spi.StoredJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/schedules}: one {@code {"name", "definition"}} object or an array of
 * them, turned into the JSON array that {@code PipelineScheduler.importSchedules} reads.
 *
 * @param single true when one object was sent (the answer is then one object too)
 * @param names the names, in order
 * @param entries the entries as sent to importSchedules (which checks their fields and fills
 *     defaults)
 * @param importJson the array for importSchedules
 */
record ScheduleRequest(
    boolean single, List<String> names, List<Object> entries, String importJson) {
  private static final List<String> ENTRY = List.of("name", "definition");

  /**
   * Reads and checks a request body.
   *
   * @throws ApiException 400 for malformed JSON or a body that is neither an object nor an array
   * @throws InvalidScheduleException for an unknown field
   */
  static ScheduleRequest parse(byte[] body) {
    JsonNode root = readBody(body);
    List<JsonNode> items = new ArrayList<>();
    if (root.isObject()) {
      items.add(root);
    } else if (root.isArray()) {
      root.forEach(items::add);
    } else {
      throw new ApiException(
          400,
          "the request body must be a JSON object {\"name\": ..., \"definition\": {...}} or an"
              + " array of them, was "
              + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    List<Object> entries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode item : items) {
      if (!item.isObject()) {
        entries.add(item); // the core names the entry that is not a schedule
        continue;
      }
      Map<String, Object> entry =
          Response.MAPPER.convertValue(item, new TypeReference<LinkedHashMap<String, Object>>() {});
      if (entry.get("name") instanceof String name
          && entry.get("definition") instanceof Map<?, ?>) {
        for (String key : entry.keySet()) {
          if (!ENTRY.contains(key)) {
            throw new InvalidScheduleException(
                name, "unknown field '" + key + "' next to name and definition");
          }
        }
        names.add(name);
      }
      entries.add(entry);
    }
    return new ScheduleRequest(root.isObject(), names, entries, Response.writeString(entries));
  }

  /**
   * Parses a request body.
   *
   * @throws ApiException 400 naming the line and column of malformed JSON, or the parser's limit
   *     (such as its nesting depth) that the body breaks
   */
  private static JsonNode readBody(byte[] body) {
    if (body.length == 0) {
      throw new ApiException(400, "the request body is empty; send JSON");
    }
    try {
      return Response.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(
          400,
          "the request body is not valid JSON"
              + StoredJson.where(e)
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "the request body cannot be read: " + e.getMessage());
    }
  }
}
