package io.pipelinescheduler.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.StoredJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response to send: status, content type, body and extra headers.
 *
 * @param status the HTTP status
 * @param contentType the Content-Type, or null when there is no body
 * @param body the body; empty for none
 * @param headers extra headers
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json; charset=utf-8";

  /**
   * The one Jackson mapper of the API, shared and thread-safe: the scheduler's strict reading
   * (duplicate keys and trailing text are errors) with java.time as ISO-8601 text (a zoned time
   * keeps its own offset, a duration reads {@code PT1.5S}).
   */
  static final ObjectMapper MAPPER =
      StoredJson.strictMapperBuilder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE)
          .build();

  /** Copies the headers. */
  public Response {
    headers = Map.copyOf(headers);
  }

  /** {@code value} as JSON. */
  public static Response json(int status, Object value) {
    return new Response(status, JSON, write(value), Map.of());
  }

  /** {@code {"error": message}}. */
  public static Response error(int status, String message, Map<String, String> headers) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", message);
    return new Response(status, JSON, write(body), headers);
  }

  /** Text in the given content type. */
  public static Response text(int status, String contentType, String text) {
    return new Response(status, contentType, text.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** 204 No Content. */
  public static Response noContent() {
    return new Response(204, null, new byte[0], Map.of());
  }

  /** This response with one more header. */
  public Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, contentType, body, more);
  }

  /** {@code value} as UTF-8 JSON. */
  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new SchedulerException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as a JSON string. */
  static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SchedulerException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
