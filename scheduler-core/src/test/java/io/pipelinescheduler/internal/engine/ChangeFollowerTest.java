package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.pipelinescheduler.internal.observe.LogCapture;
import io.pipelinescheduler.spi.ScheduleChanges;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Following a change feed, and stopping while a read of changed schedules is under way. */
class ChangeFollowerTest {
  /** A feed that hands its listener to the test. */
  private static final class Feed implements ScheduleChanges {
    final AtomicReference<Consumer<Set<String>>> listener = new AtomicReference<>();

    @Override
    public void watch(Consumer<Set<String>> onChange) {
      listener.set(onChange);
    }

    @Override
    public void close() {}
  }

  /**
   * The store fails a read whose thread is interrupted (its pool refuses such a thread), and is
   * closed right after the stop. A stop that interrupted the read at once logged a WARN at every
   * close of a busy instance ("could not read … changed schedule(s)"). The stop now waits for the
   * read (up to {@link ChangeFollower#STOP_WAIT_MILLIS}), and one it still had to interrupt is not
   * reported as a failure: the instance is stopping.
   */
  @Test
  void a_read_that_outlasts_the_stops_wait_is_interrupted_and_not_reported_as_failed()
      throws Exception {
    Feed feed = new Feed();
    CountDownLatch reading = new CountDownLatch(1);
    AtomicReference<Thread> reader = new AtomicReference<>();
    ChangeFollower follower =
        new ChangeFollower(
            List.of(() -> Optional.of(feed)),
            names -> {
              reader.set(Thread.currentThread());
              reading.countDown();
              try {
                new CountDownLatch(1).await(); // a store that never answers
              } catch (InterruptedException e) {
                throw new IllegalStateException("the pool refuses an interrupted thread");
              }
            },
            () -> {});
    try (LogCapture logs = new LogCapture(ChangeFollower.class)) {
      follower.start();
      feed.listener.get().accept(Set.of("invoice-1"));
      assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

      follower.stop();
      reader.get().join(TimeUnit.SECONDS.toMillis(10));

      assertThat(reader.get().isAlive()).isFalse();
      assertThat(logs.messages(Level.WARN)).isEmpty();
    }
  }

  @Test
  void a_read_that_fails_while_following_is_reported() throws Exception {
    Feed feed = new Feed();
    ChangeFollower follower =
        new ChangeFollower(
            List.of(() -> Optional.of(feed)),
            names -> {
              throw new IllegalStateException("the store is down");
            },
            () -> {});
    try (LogCapture logs = new LogCapture(ChangeFollower.class)) {
      follower.start();
      feed.listener.get().accept(Set.of("invoice-1"));

      await().atMost(Duration.ofSeconds(10)).until(() -> !logs.messages(Level.WARN).isEmpty());
      follower.stop();
      assertThat(logs.messages(Level.WARN))
          .singleElement()
          .asString()
          .contains("could not read 1 changed schedule(s)")
          .contains("the store is down");
    }
  }
}
