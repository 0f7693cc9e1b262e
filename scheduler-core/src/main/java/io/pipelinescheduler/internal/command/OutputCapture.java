package io.pipelinescheduler.internal.command;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.JobContext;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Collects a process's stdout and stderr into the run's output, keeping at most a limit of bytes
 * (both streams together) and marking the truncation once. Also remembers the tail of stderr for
 * error messages, whatever the limit. Thread-safe: the two stream pumps call it concurrently, and
 * each call appends whole text to the context at once.
 */
public final class OutputCapture {
  /** Which stream a piece of output came from. */
  public enum Source {
    STDOUT,
    STDERR
  }

  static final int STDERR_TAIL_CHARS = 500;

  private final JobContext context;
  private final int limit;
  private final Charset charset;
  private final StringBuilder stderrTail = new StringBuilder();
  private boolean stderrTailCut;
  private long kept;
  private boolean truncated;
  private boolean closed;
  private boolean midLine;
  private Source lastSource;

  /**
   * @param context where the output goes
   * @param limit the most bytes kept, stdout and stderr together
   * @param charset how the process encodes its output
   */
  public OutputCapture(JobContext context, int limit, Charset charset) {
    this.context = context;
    this.limit = limit;
    this.charset = charset;
  }

  /** Takes {@code bytes[0, length)} from {@code source}; a pump calls it as output arrives. */
  public synchronized void accept(Source source, byte[] bytes, int length) {
    if (source == Source.STDERR) {
      rememberStderr(new String(bytes, 0, length, charset));
    }
    if (closed || truncated) {
      return;
    }
    long room = limit - kept;
    if (length <= room) {
      kept += length;
      context.appendOutput(render(source, new String(bytes, 0, length, charset)));
      return;
    }
    int cut = charStart(bytes, (int) room, charset);
    StringBuilder text = new StringBuilder();
    if (cut > 0) {
      text.append(render(source, new String(bytes, 0, cut, charset)));
      kept += cut;
    }
    text.append(midLine ? "\n" : "").append("[output truncated after ").append(limit);
    text.append(" bytes]\n");
    midLine = false;
    truncated = true;
    context.appendOutput(text.toString());
  }

  /** Ends the capture: later output is dropped; an unfinished last line is ended. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (midLine) {
      midLine = false;
      context.appendOutput("\n");
    }
  }

  /** The last few hundred characters the process wrote to stderr, stripped; empty if none. */
  public synchronized String stderrTail() {
    String tail = stderrTail.toString().strip();
    return stderrTailCut && !tail.isEmpty() ? "..." + tail : tail;
  }

  private String render(Source source, String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    if (midLine && lastSource != source) {
      out.append('\n');
      midLine = false;
    }
    if (source == Source.STDERR) {
      boolean lineStart = !midLine;
      for (int i = 0; i < text.length(); i++) {
        if (lineStart) {
          out.append(CommandJob.STDERR_PREFIX);
        }
        char c = text.charAt(i);
        out.append(c);
        lineStart = c == '\n';
      }
    } else {
      out.append(text);
    }
    if (!text.isEmpty()) {
      midLine = text.charAt(text.length() - 1) != '\n';
      lastSource = source;
    }
    return out.toString();
  }

  private void rememberStderr(String text) {
    stderrTail.append(text);
    int excess = stderrTail.length() - STDERR_TAIL_CHARS;
    if (excess > 0) {
      stderrTail.delete(0, excess);
      stderrTailCut = true;
    }
  }

  /**
   * The largest index {@code <= at} where a character starts, so that {@code bytes[0, index)} holds
   * whole characters. Only UTF-8 is handled; for other charsets {@code at} is returned.
   */
  static int charStart(byte[] bytes, int at, Charset charset) {
    if (!charset.equals(StandardCharsets.UTF_8)) {
      return at;
    }
    int i = at;
    while (i > 0 && (bytes[i] & 0xC0) == 0x80) {
      i--;
    }
    return i == 0 ? at : i;
  }
}
