package io.pipelinescheduler.http.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads of one server: reading threads that read requests under {@link ReadDeadlines}
 * (started when needed, up to {@value #MAX_READING}, ended after 30 s idle), a fixed number of
 * handler threads that run the endpoints, and one timer thread for the deadlines. Reading threads
 * are cheap to hold: a slow client holds one for at most the read timeout.
 */
public final class ServerThreads implements AutoCloseable {
  /** Requests read at once; more wait for a reading thread. */
  public static final int MAX_READING = 256;

  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final ThreadPoolExecutor readers;
  private final ExecutorService handlers;
  private final ScheduledThreadPoolExecutor timer;
  private final ReadDeadlines exchanges;

  /** Threads for a server with {@code handlerThreads} handlers and this read timeout. */
  public ServerThreads(int handlerThreads, Duration readTimeout) {
    int server = SERVERS.incrementAndGet();
    readers =
        new ThreadPoolExecutor(
            MAX_READING,
            MAX_READING,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            named("scheduler-http-" + server + "-read-"));
    readers.allowCoreThreadTimeOut(true);
    handlers =
        Executors.newFixedThreadPool(handlerThreads, named("scheduler-http-" + server + "-"));
    timer = new ScheduledThreadPoolExecutor(1, named("scheduler-http-" + server + "-deadlines-"));
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    exchanges = new ReadDeadlines(readers, timer, readTimeout);
  }

  /** The executor to give the JDK server: it runs each exchange under its read deadline. */
  public Executor exchanges() {
    return exchanges;
  }

  /** The threads that run endpoints once a request is read. */
  public ExecutorService handlers() {
    return handlers;
  }

  /** Stops every thread; requests being served are cut off after at most 5 seconds. */
  @Override
  public void close() {
    List<ExecutorService> all = List.of(readers, handlers, timer);
    all.forEach(ExecutorService::shutdown);
    try {
      for (ExecutorService executor : all) {
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      all.forEach(ExecutorService::shutdownNow);
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
