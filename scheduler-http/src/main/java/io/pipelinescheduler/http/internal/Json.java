package io.pipelinescheduler.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pipelinescheduler.SchedulerException;
import java.io.IOException;

/**
 * The one Jackson mapper of the API: java.time as ISO-8601 text (a zoned time keeps its own offset,
 * a duration reads {@code PT1.5S}), strict parsing (duplicate keys and trailing text are errors).
 */
public final class Json {
  /** Shared, thread-safe. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DATES_WITH_CONTEXT_TIME_ZONE)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /** {@code value} as UTF-8 JSON. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new SchedulerException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as a JSON string. */
  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new SchedulerException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses a request body.
   *
   * @throws ApiException 400 naming the line and column of malformed JSON, or the parser's limit
   *     (such as its nesting depth) that the body breaks
   */
  public static JsonNode readBody(byte[] body) {
    if (body.length == 0) {
      throw new ApiException(400, "the request body is empty; send JSON");
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // a broken limit (nesting depth, number length) has no location
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ApiException(
          400, "the request body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ApiException(400, "the request body cannot be read: " + e.getMessage());
    }
  }
}
