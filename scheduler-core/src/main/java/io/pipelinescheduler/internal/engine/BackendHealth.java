package io.pipelinescheduler.internal.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the store and the lock backend are working: failing from an error until the next success.
 * Keeps the last error for health details.
 */
final class BackendHealth {
  // Volatile so that succeeded(), called for every claim, is a read while nothing fails.
  private volatile boolean failing;
  private String lastError;
  private Instant lastErrorAt;

  synchronized void failed(String backend, String operation, Exception error, Instant at) {
    failing = true;
    lastError = backend + " " + operation + " failed: " + RunExecution.describe(error);
    lastErrorAt = at;
  }

  void succeeded() {
    if (failing) {
      synchronized (this) {
        failing = false;
      }
    }
  }

  boolean failing() {
    return failing;
  }

  synchronized void addDetails(Map<String, Object> details) {
    if (lastError != null) {
      Map<String, Object> last = new LinkedHashMap<>();
      last.put("message", lastError);
      last.put("at", lastErrorAt.toString());
      details.put("lastError", last);
    }
  }
}
