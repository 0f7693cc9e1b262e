package io.pipelinescheduler.http.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One request as the endpoints see it: path parameters, query, headers and a bounded body. */
public final class Request {
  private final HttpExchange exchange;
  private final Map<String, String> pathParams;
  private final int maxBodyBytes;

  Request(HttpExchange exchange, Map<String, String> pathParams, int maxBodyBytes) {
    this.exchange = exchange;
    this.pathParams = Map.copyOf(pathParams);
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A decoded path parameter, such as {@code name} in {@code /api/schedules/{name}}. */
  public String path(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("no path parameter " + name);
    }
    return value;
  }

  /** A decoded query parameter (the first, when repeated). */
  public Optional<String> query(String name) {
    return Optional.ofNullable(queryParams(exchange.getRequestURI().getRawQuery()).get(name));
  }

  /** A request header. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  /**
   * The body, at most the configured number of bytes.
   *
   * @throws ApiException 413 when it is larger
   */
  public byte[] body() throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.strip());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "Content-Length '" + declared + "' is not a number");
      }
      if (length > maxBodyBytes) {
        throw tooLarge(length + " bytes");
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = exchange.getRequestBody()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        out.write(buffer, 0, read);
        if (out.size() > maxBodyBytes) {
          throw tooLarge("more than " + maxBodyBytes + " bytes");
        }
      }
    }
    return out.toByteArray();
  }

  private ApiException tooLarge(String size) {
    return new ApiException(
        413,
        "the request body of "
            + size
            + " is larger than the limit of "
            + maxBodyBytes
            + " bytes (SchedulerHttpServer.builder(..).maxBodyBytes)",
        Map.of("Connection", "close"));
  }

  static Map<String, String> queryParams(String rawQuery) {
    Map<String, String> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      params.putIfAbsent(decodeQuery(key), decodeQuery(value));
    }
    return params;
  }

  private static String decodeQuery(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "malformed query parameter '" + text + "'");
    }
  }
}
