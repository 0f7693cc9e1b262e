package io.pipelinescheduler.http.internal;

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

  /** Copies the headers. */
  public Response {
    headers = Map.copyOf(headers);
  }

  /** {@code value} as JSON. */
  public static Response json(int status, Object value) {
    return new Response(status, JSON, Json.write(value), Map.of());
  }

  /** {@code {"error": message}}. */
  public static Response error(int status, String message, Map<String, String> headers) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", message);
    return new Response(status, JSON, Json.write(body), headers);
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
}
