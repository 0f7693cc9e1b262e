package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.http.SchedulerHttpApi.Call;
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
  private final Call call;
  private final Map<String, String> pathParams;
  private final byte[] body;

  Request(Call call, Map<String, String> pathParams, byte[] body) {
    this.call = call;
    this.pathParams = Map.copyOf(pathParams);
    this.body = body;
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
    return Optional.ofNullable(queryParams(call.rawQuery()).get(name));
  }

  /** A request header. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(call.header(name));
  }

  /** The path of the mount point, {@code ""} at the root; see {@link Call#basePath()}. */
  public String basePath() {
    return call.basePath();
  }

  /** The body, read in full (at most the configured number of bytes) before the endpoint runs. */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Reads the body of {@code call}, at most {@code maxBodyBytes}.
   *
   * @throws ApiException 413 when it is larger, 400 for a Content-Length that is not a number
   * @throws IOException when the client goes away or its read deadline passes
   */
  static byte[] readBody(Call call, int maxBodyBytes, OptionNames names) throws IOException {
    String declared = call.header("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.strip());
      } catch (NumberFormatException e) {
        throw new ApiException(400, "Content-Length '" + declared + "' is not a number");
      }
      if (length > maxBodyBytes) {
        throw tooLarge(length + " bytes", maxBodyBytes, names);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = call.body()) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        out.write(buffer, 0, read);
        if (out.size() > maxBodyBytes) {
          throw tooLarge("more than " + maxBodyBytes + " bytes", maxBodyBytes, names);
        }
      }
    }
    return out.toByteArray();
  }

  private static ApiException tooLarge(String size, int maxBodyBytes, OptionNames names) {
    return new ApiException(
        413,
        "the request body of "
            + size
            + " is larger than the limit of "
            + maxBodyBytes
            + " bytes ("
            + names.maxBodyBytes()
            + ")",
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
