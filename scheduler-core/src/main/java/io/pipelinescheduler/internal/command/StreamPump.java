package io.pipelinescheduler.internal.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one of a process's output streams to its end on its own daemon thread and hands the bytes
 * to an {@link OutputCapture}, a batch of whole lines at a time (a line longer than 8 KiB is handed
 * over in pieces). It keeps reading after the capture has stopped keeping output, so that the
 * process never blocks on a full pipe.
 */
final class StreamPump implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(StreamPump.class);
  private static final int CHUNK = 8192;

  private final InputStream in;
  private final OutputCapture.Source source;
  private final OutputCapture capture;
  private final Charset charset;
  private boolean captureFailed;

  private StreamPump(
      InputStream in, OutputCapture.Source source, OutputCapture capture, Charset charset) {
    this.in = in;
    this.source = source;
    this.capture = capture;
    this.charset = charset;
  }

  /** Starts a daemon thread that pumps {@code in} into {@code capture}. */
  static Thread start(
      InputStream in,
      OutputCapture.Source source,
      OutputCapture capture,
      Charset charset,
      String threadName) {
    Thread thread = new Thread(new StreamPump(in, source, capture, charset), threadName);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void run() {
    byte[] buf = new byte[2 * CHUNK];
    int len = 0;
    try (in) {
      int n;
      while ((n = in.read(buf, len, buf.length - len)) >= 0) {
        len += n;
        int end = lastNewline(buf, len) + 1;
        if (end > 0) {
          hand(buf, end);
          System.arraycopy(buf, end, buf, 0, len - end);
          len -= end;
        }
        if (len >= CHUNK) {
          end = OutputCapture.charStart(buf, len - 1, charset);
          hand(buf, end);
          System.arraycopy(buf, end, buf, 0, len - end);
          len -= end;
        }
      }
    } catch (IOException e) {
      // The stream was closed under us (process gone): nothing more to read.
      log.debug("{} pump stopped: {}", source, e.toString());
    }
    if (len > 0) {
      hand(buf, len);
    }
  }

  private void hand(byte[] bytes, int length) {
    if (captureFailed) {
      return;
    }
    try {
      capture.accept(source, bytes, length);
    } catch (RuntimeException e) {
      captureFailed = true;
      log.warn("could not keep the {} of a command; draining it without keeping it", source, e);
    }
  }

  private static int lastNewline(byte[] bytes, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
