package io.pipelinescheduler.persistence.internal;

import java.util.concurrent.TimeUnit;

/** The thread of a change feed: runs its loop until closed, then is joined for a moment. */
final class FeedThread {
  private final Thread thread;
  private volatile boolean closed;

  FeedThread(String name, Runnable loop) {
    this.thread = new Thread(loop, name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean closed() {
    return closed;
  }

  /** Sleeps between polls; false when the feed was closed meanwhile. */
  boolean pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !closed && !Thread.currentThread().isInterrupted();
  }

  void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
