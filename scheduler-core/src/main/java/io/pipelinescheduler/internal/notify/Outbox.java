package io.pipelinescheduler.internal.notify;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread that sends emails, so that a slow or dead SMTP server never holds up a run.
 * Messages wait in a queue of at most {@value #CAPACITY}; one more is dropped with a warning. A
 * message that fails is logged at WARN and dropped: there is no retry. Sent in the order given.
 * Thread-safe.
 */
final class Outbox implements AutoCloseable {
  static final int CAPACITY = 100;

  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** A send that may fail. */
  interface Send {
    void run() throws Exception;
  }

  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(CAPACITY),
          runnable -> {
            Thread thread = new Thread(runnable, "pipeline-scheduler-notify");
            thread.setDaemon(true);
            return thread;
          },
          Outbox::dropped);

  /** A queued send, named for the log. */
  private record Task(String what, Send send) implements Runnable {
    @Override
    public void run() {
      try {
        send.run();
        log.debug("sent {}", what);
      } catch (Exception e) { // checked ones too: a send may fail any way
        log.warn("{} not sent: {}", what, e.toString());
      }
    }
  }

  /**
   * Queues {@code send}; {@code what} names it in log lines, e.g. {@code email about schedule 'x'
   * (run 5f0c)}. Never blocks, never throws.
   */
  void submit(String what, Send send) {
    executor.execute(new Task(what, send));
  }

  private static void dropped(Runnable task, ThreadPoolExecutor pool) {
    String what = ((Task) task).what();
    if (pool.isShutdown()) {
      log.debug("notifications closed: {} not sent", what);
    } else {
      log.warn("{} notifications waiting to be sent: {} dropped", CAPACITY, what);
    }
  }

  /**
   * Sends what is queued, waiting at most {@code grace}; what is left then is dropped with a
   * warning. Later submits are ignored. Idempotent.
   */
  @Override
  public void close() {
    close(MailSender.TIMEOUT.plusSeconds(1));
  }

  void close(Duration grace) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        int queued = executor.shutdownNow().size();
        log.warn(
            "notifications: the email being sent and {} queued one(s) not sent at close", queued);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
