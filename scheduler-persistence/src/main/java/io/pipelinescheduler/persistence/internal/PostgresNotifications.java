package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.spi.ScheduleChanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's feed of schedule changes: the trigger on {@code ps_schedules} announces every change
 * with {@code pg_notify('ps_schedule_changes', name)}, delivered at commit, whoever made it; this
 * holds one connection of the pool that {@code LISTEN}s. {@link #watch} returns once it listens, so
 * that no change made after it is missed (or, when the database does not answer within {@link
 * #FIRST_LISTEN_WAIT}, it reports "unknown which" once it listens). When the connection breaks it
 * connects again, and reports "unknown which" once, since announcements made meanwhile were lost.
 */
final class PostgresNotifications implements ScheduleChanges {
  private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
  static final String CHANNEL = "ps_schedule_changes";
  private static final int WAIT_MILLIS = 250;
  private static final long RECONNECT_MILLIS = 1_000;
  private static final Duration FIRST_LISTEN_WAIT = Duration.ofSeconds(5);

  private enum FirstListen {
    AWAITED,
    LISTENING,
    NOT_AWAITED
  }

  private final DataSource pool;
  private final FeedThread thread;
  private final CountDownLatch listening = new CountDownLatch(1);
  private final AtomicReference<FirstListen> firstListen =
      new AtomicReference<>(FirstListen.AWAITED);
  private Consumer<Set<String>> onChange;

  PostgresNotifications(DataSource pool) {
    this.pool = pool;
    this.thread = new FeedThread("pipeline-scheduler-pg-changes", this::loop);
  }

  @Override
  public void watch(Consumer<Set<String>> listener) {
    this.onChange = listener;
    thread.start();
    try {
      if (listening.await(FIRST_LISTEN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    firstListen.compareAndSet(FirstListen.AWAITED, FirstListen.NOT_AWAITED);
  }

  private void loop() {
    boolean missed = false;
    boolean failing = false;
    while (!thread.closed()) {
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        if (firstListen.getAndSet(FirstListen.LISTENING) == FirstListen.NOT_AWAITED) {
          missed = true; // watch() returned before this listened
        }
        listening.countDown();
        if (missed) {
          onChange.accept(Set.of());
          missed = false;
        }
        failing = false;
        while (!thread.closed()) {
          PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
          if (received != null && received.length > 0) {
            Set<String> names = new LinkedHashSet<>();
            for (PGNotification notification : received) {
              names.add(notification.getParameter());
            }
            onChange.accept(names);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (thread.closed()) {
          return;
        }
        if (!failing) {
          log.warn(
              "pipeline-scheduler: lost the PostgreSQL connection that listens for schedule"
                  + " changes; connecting again every {} ms: {}",
              RECONNECT_MILLIS,
              e.toString());
        }
        failing = true;
        missed = true;
        thread.pause(RECONNECT_MILLIS);
      }
    }
  }

  @Override
  public void close() {
    thread.close();
  }
}
