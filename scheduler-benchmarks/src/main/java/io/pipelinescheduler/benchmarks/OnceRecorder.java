package io.pipelinescheduler.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the runs of a workload of one-shot jobs numbered 0..n-1: how often each ran, when each
 * first started and how late that was against the due instant it was given. Thread-safe.
 */
final class OnceRecorder implements RunSink {
  private final int size;
  private final long[] dueMicros;
  private final long[] startMicros;
  private final AtomicIntegerArray counts;
  private final AtomicInteger distinct = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final CountDownLatch all = new CountDownLatch(1);
  private volatile long lastFirstStartNanos;
  private final AtomicLong lastFirstStartMicros = new AtomicLong();

  OnceRecorder(int size) {
    this.size = size;
    this.dueMicros = new long[size];
    this.startMicros = new long[size];
    this.counts = new AtomicIntegerArray(size);
  }

  /** Sets when run {@code id} is due; call before the schedulers start. */
  void due(int id, Instant due) {
    dueMicros[id] = Micros.of(due);
  }

  @Override
  public void ran(int id, Instant slot) {
    ranAt(id, Micros.now());
  }

  /** Job {@code id} started at {@code micros} (epoch microseconds), e.g. in another JVM. */
  void ranAt(int id, long micros) {
    if (counts.incrementAndGet(id) == 1) {
      startMicros[id] = micros;
      lastFirstStartMicros.accumulateAndGet(micros, Math::max);
      lastFirstStartNanos = System.nanoTime();
      if (distinct.incrementAndGet() == size) {
        all.countDown();
      }
    } else {
      duplicates.incrementAndGet();
    }
  }

  /** Waits until every job has run once; false on timeout. */
  boolean awaitAll(Duration timeout) throws InterruptedException {
    return all.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  int size() {
    return size;
  }

  int distinct() {
    return distinct.get();
  }

  int duplicates() {
    return duplicates.get();
  }

  /** {@link System#nanoTime()} when the latest job to run for the first time started. */
  long lastFirstStartNanos() {
    return lastFirstStartNanos;
  }

  /** The latest first start of any job, in epoch microseconds. */
  long lastFirstStartMicros() {
    return lastFirstStartMicros.get();
  }

  /** The lateness of every job that ran, in microseconds, sorted. */
  long[] latenessMicros() {
    long[] lateness = new long[distinct.get()];
    int k = 0;
    for (int i = 0; i < size && k < lateness.length; i++) {
      if (counts.get(i) > 0) {
        lateness[k++] = startMicros[i] - dueMicros[i];
      }
    }
    long[] result = Arrays.copyOf(lateness, k);
    Arrays.sort(result);
    return result;
  }

  /** The first start of job {@code id}, in epoch microseconds (0 when it never ran). */
  long startMicros(int id) {
    return startMicros[id];
  }
}
