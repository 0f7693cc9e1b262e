package io.pipelinescheduler.http.internal;

import java.util.Map;

/** An answer other than success, sent as {@code {"error": message}} with its status. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> headers;

  /** An error response with this status and message. */
  public ApiException(int status, String message) {
    this(status, message, Map.of());
  }

  /** An error response with extra headers (Allow, WWW-Authenticate). */
  public ApiException(int status, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Headers to send with the error. */
  public Map<String, String> headers() {
    return headers;
  }
}
