package io.pipelinescheduler.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The JDK's {@link ScheduledThreadPoolExecutor}, the floor an in-memory scheduler is measured
 * against (the cold workload only). It has no {@code start()}: {@link #scheduleOnce} keeps the due
 * instants and {@link #start()} hands every task to the executor with its remaining delay, so that
 * handing them over counts in the burst as a scheduler's own start would.
 */
final class JdkSubject extends Subject {
  private final int threads;
  private final RunSink sink;
  private final ScheduledThreadPoolExecutor executor;
  private IntFunction<Instant> due = i -> Instant.EPOCH;
  private int count;

  JdkSubject(int threads, RunSink sink) {
    this.threads = threads;
    this.sink = sink;
    this.executor = new ScheduledThreadPoolExecutor(threads);
  }

  @Override
  void scheduleOnce(int n, IntFunction<Instant> due) {
    this.count = n;
    this.due = due;
  }

  @Override
  void scheduleEverySecond(int n) {
    throw new UnsupportedOperationException("the JDK executor runs in the cold workload only");
  }

  @Override
  void start() {
    // The delay of each task from the moment it is handed over: the first hand-over links the
    // lambda and loads classes, which in a cold JVM takes milliseconds.
    Instant wall = Instant.now();
    long nanos = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int id = i;
      Instant slot = due.apply(id);
      long elapsed = System.nanoTime() - nanos;
      long delay = Math.max(0, Duration.between(wall, slot).toNanos() - elapsed);
      executor.schedule(() -> sink.ran(id, slot), delay, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("contender", Contender.JDK_EXECUTOR.label);
    settings.put("corePoolSize (worker threads)", Integer.toString(threads));
    settings.put(
        "start()",
        "none of its own: the benchmark's start() submits every task with its remaining delay"
            + " (schedule(task, delay, NANOSECONDS)), which counts in the burst");
    return settings;
  }
}
