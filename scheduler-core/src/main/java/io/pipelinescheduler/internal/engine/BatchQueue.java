package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that hands queued items on in batches: each batch is whatever queued up while the
 * previous one was handled, up to a limit. One item alone is handled at once, so a batch costs no
 * waiting; a burst of items costs one store or lock-backend round trip per batch instead of one per
 * item.
 *
 * @param <T> the item
 */
final class BatchQueue<T> {
  private static final Logger log = LoggerFactory.getLogger(BatchQueue.class);

  /** Put on the queue at close to wake the thread; never handed on. */
  private static final Object CLOSING = new Object();

  /** How long {@link #close} waits for the batch in hand (a store call has its own timeouts). */
  private static final Duration MAX_CLOSE_WAIT = Duration.ofMinutes(1);

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final Consumer<List<T>> handler;
  private final int maxBatch;
  private final Thread thread;
  private final Object openLock = new Object();
  private boolean open = true; // guarded by openLock

  /**
   * Starts the thread.
   *
   * @param name the thread's name
   * @param maxBatch the most items handed on at once
   * @param handler handles one batch; what it throws is logged and the thread goes on
   */
  BatchQueue(String name, int maxBatch, Consumer<List<T>> handler) {
    this.maxBatch = maxBatch;
    this.handler = handler;
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an item; false when the queue is closed (the caller then handles it itself). */
  boolean add(T item) {
    synchronized (openLock) {
      if (open) {
        queue.add(item);
      }
      return open;
    }
  }

  /**
   * Closes the queue: later {@link #add} calls return false. The thread hands on what is queued,
   * then ends; this waits for it (at most a minute).
   */
  void close() {
    synchronized (openLock) {
      open = false;
    }
    queue.add(CLOSING);
    try {
      thread.join(MAX_CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn(
          "{} still busy {} after close; left to finish on its own",
          thread.getName(),
          MAX_CLOSE_WAIT);
    }
  }

  private void loop() {
    while (true) {
      Object first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        // Left over from a handler (a driver, a listener): only CLOSING ends this thread.
        continue;
      }
      if (first == CLOSING) {
        return;
      }
      List<Object> taken = new ArrayList<>();
      taken.add(first);
      queue.drainTo(taken, maxBatch - 1);
      List<T> batch = new ArrayList<>(taken.size());
      boolean closing = false;
      for (Object item : taken) {
        if (item == CLOSING) {
          closing = true;
        } else {
          batch.add(cast(item));
        }
      }
      if (!batch.isEmpty()) {
        handle(batch);
      }
      if (closing) {
        return; // nothing is added after CLOSING
      }
    }
  }

  private void handle(List<T> batch) {
    try {
      handler.accept(batch);
    } catch (RuntimeException | Error e) {
      log.error("pipeline-scheduler: handling a batch of {} item(s) failed", batch.size(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object item) {
    return (T) item;
  }
}
