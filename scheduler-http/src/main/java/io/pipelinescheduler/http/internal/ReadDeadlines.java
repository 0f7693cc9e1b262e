package io.pipelinescheduler.http.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the time a client takes to send one request. The JDK's server reads a request's line and
 * headers, and the handler its body, with blocking reads on an interruptible socket channel, on the
 * thread that runs the exchange. Each exchange task is wrapped: when it is still reading at its
 * deadline, its thread is interrupted, which closes the channel and ends the read with an
 * exception; the JDK server then drops the connection. Once the handler has the whole request it
 * calls {@link #endReading()}, and from then on the thread is never interrupted, so the work on the
 * scheduler is never cut.
 *
 * <p>(The JDK's own {@code sun.net.httpserver.maxReqTime} is a JVM-wide system property read once,
 * so it cannot be set per server.) Thread-safe.
 */
public final class ReadDeadlines implements Executor {
  private static final ThreadLocal<Reading> CURRENT = new ThreadLocal<>();

  private final Executor readers;
  private final ScheduledExecutorService timer;
  private final long timeoutNanos;

  /**
   * Runs exchange tasks on {@code readers}, with deadlines kept by {@code timer}.
   *
   * @param timeout the longest time from the start of an exchange to the end of its body
   */
  public ReadDeadlines(Executor readers, ScheduledExecutorService timer, Duration timeout) {
    this.readers = readers;
    this.timer = timer;
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void execute(Runnable exchange) {
    readers.execute(() -> runWithDeadline(exchange));
  }

  private void runWithDeadline(Runnable exchange) {
    Reading reading = new Reading(Thread.currentThread());
    CURRENT.set(reading);
    ScheduledFuture<?> expiry = timer.schedule(reading::expire, timeoutNanos, TimeUnit.NANOSECONDS);
    try {
      exchange.run();
    } finally {
      expiry.cancel(false);
      reading.finish();
      CURRENT.remove();
    }
  }

  /**
   * Marks the request on this thread as fully read; from now on its deadline no longer applies.
   *
   * @return false when the deadline has already passed (the connection is closed)
   */
  static boolean endReading() {
    Reading reading = CURRENT.get();
    return reading == null || reading.endReading();
  }

  private static final class Reading {
    private enum State {
      READING,
      HANDLING,
      EXPIRED,
      DONE
    }

    private final Thread thread;
    private State state = State.READING;

    Reading(Thread thread) {
      this.thread = thread;
    }

    synchronized void expire() {
      if (state == State.READING) {
        state = State.EXPIRED;
        thread.interrupt();
      }
    }

    synchronized boolean endReading() {
      if (state == State.READING) {
        state = State.HANDLING;
        return true;
      }
      return false;
    }

    synchronized void finish() {
      state = State.DONE;
      Thread.interrupted(); // an expiry's interrupt must not reach the thread's next task
    }
  }
}
