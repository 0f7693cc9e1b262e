package io.pipelinescheduler.internal.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the store and the lock backend are working: failing from an error until the next success.
 * Keeps the last error for health details. A failed read made for a caller (history, a run) counts
 * until the next successful claim or the next health check that reaches the store.
 */
final class BackendHealth {
  // Volatile so that succeeded(), called for every claim, is a read while nothing fails.
  private volatile boolean failing;
  private volatile boolean readFailing;
  private String lastError;
  private Instant lastErrorAt;

  synchronized void failed(String backend, String operation, Exception error, Instant at) {
    failing = true;
    lastError = backend + " " + operation + " failed: " + RunExecution.describe(error);
    lastErrorAt = at;
  }

  /** A read of the store made for a caller failed. */
  synchronized void readFailed(String backend, String operation, Exception error, Instant at) {
    readFailing = true;
    lastError = backend + " " + operation + " failed: " + RunExecution.describe(error);
    lastErrorAt = at;
  }

  void succeeded() {
    if (failing || readFailing) {
      synchronized (this) {
        failing = false;
        readFailing = false;
      }
    }
  }

  /** The store answered a health check's probe: reads work again. */
  void reachedStore() {
    if (readFailing) {
      synchronized (this) {
        readFailing = false;
      }
    }
  }

  boolean failing() {
    return failing || readFailing;
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
