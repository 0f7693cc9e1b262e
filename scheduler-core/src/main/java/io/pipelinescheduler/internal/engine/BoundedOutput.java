package io.pipelinescheduler.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * A run's captured output, bounded in UTF-8 bytes; text past the bound is dropped once, with a
 * marker, never splitting a character. Thread-safe: a job and a process-reader thread may append at
 * once.
 */
final class BoundedOutput {
  private final int limit;

  /** Made at the first append: most jobs write no output. */
  private StringBuilder text;

  private int bytes;
  private boolean truncated;

  BoundedOutput(int limit) {
    this.limit = limit;
  }

  synchronized void append(String more) {
    if (more == null || more.isEmpty() || truncated) {
      return;
    }
    if (text == null) {
      text = new StringBuilder();
    }
    int size = more.getBytes(StandardCharsets.UTF_8).length;
    if (bytes + size <= limit) {
      text.append(more);
      bytes += size;
      return;
    }
    int end = 0;
    while (end < more.length()) {
      int next = more.offsetByCodePoints(end, 1);
      int charBytes = more.substring(end, next).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + charBytes > limit) {
        break;
      }
      bytes += charBytes;
      end = next;
    }
    text.append(more, 0, end);
    text.append("\n[output truncated after ").append(limit).append(" bytes]");
    truncated = true;
  }

  synchronized String text() {
    return text == null ? "" : text.toString();
  }
}
