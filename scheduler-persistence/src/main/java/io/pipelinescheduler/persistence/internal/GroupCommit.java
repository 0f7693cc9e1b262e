package io.pipelinescheduler.persistence.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit: callers that write at the same time share one transaction. Each caller queues its
 * item and takes the writer's lock; whoever holds it writes every queued item in one batch, so the
 * callers that waited meanwhile find theirs written. A caller returns only once its item is
 * committed (or throws the batch's failure): durability is that of one write per call.
 *
 * @param <T> the item written
 * @param <R> the result per item
 */
final class GroupCommit<T, R> {
  private static final int MAX_BATCH = 256;

  private static final class Pending<T, R> {
    final T item;
    volatile boolean done;
    R result;
    RuntimeException error;

    Pending(T item) {
      this.item = item;
    }
  }

  private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writer = new ReentrantLock();
  private final Function<List<T>, List<R>> writeBatch;

  /**
   * @param writeBatch writes the items in one transaction and returns one result per item, in order
   */
  GroupCommit(Function<List<T>, List<R>> writeBatch) {
    this.writeBatch = writeBatch;
  }

  R submit(T item) {
    Pending<T, R> mine = new Pending<>(item);
    queue.add(mine);
    writer.lock();
    try {
      while (!mine.done) {
        List<Pending<T, R>> batch = new ArrayList<>();
        for (Pending<T, R> p = queue.poll(); p != null; p = queue.poll()) {
          batch.add(p);
          if (batch.size() == MAX_BATCH) {
            break;
          }
        }
        write(batch);
      }
    } finally {
      writer.unlock();
    }
    if (mine.error != null) {
      throw mine.error;
    }
    return mine.result;
  }

  private void write(List<Pending<T, R>> batch) {
    try {
      List<R> results = writeBatch.apply(batch.stream().map(p -> p.item).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result = results.get(i);
        batch.get(i).done = true;
      }
    } catch (RuntimeException e) {
      for (Pending<T, R> p : batch) {
        p.error = e;
        p.done = true;
      }
    }
  }
}
