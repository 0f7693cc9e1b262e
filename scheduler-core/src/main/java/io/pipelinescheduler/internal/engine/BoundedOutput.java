package io.pipelinescheduler.internal.engine;

/**
 * A run's captured output, bounded in characters; text past the bound is dropped once, with a
 * marker. Thread-safe: a job and a process-reader thread may append at once.
 */
final class BoundedOutput {
  private final int limit;
  private final StringBuilder text = new StringBuilder();
  private boolean truncated;

  BoundedOutput(int limit) {
    this.limit = limit;
  }

  synchronized void append(String more) {
    if (more == null || more.isEmpty() || truncated) {
      return;
    }
    int room = limit - text.length();
    if (more.length() <= room) {
      text.append(more);
      return;
    }
    text.append(more, 0, Math.max(0, room));
    text.append("\n[output truncated after ").append(limit).append(" characters]");
    truncated = true;
  }

  synchronized String text() {
    return text.toString();
  }
}
