package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heartbeat under way when the scheduler closes ends against an open store: closing waits for it
 * (within a bound), without interrupting it, instead of closing the store under it and logging its
 * failure at ERROR. (An interrupted maintenance thread made its next store call fail whenever the
 * connection pool had to wait for a connection.)
 */
class StopWaitsForMaintenanceTest {
  @TempDir Path directory;

  @Test
  void close_waits_for_a_heartbeat_under_way_so_it_never_meets_a_closed_store() throws Exception {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbPath(directory.resolve("scheduler.db"))
            .meterRegistry(new SimpleMeterRegistry())
            .heartbeatInterval(Duration.ofMillis(50))
            .build();
    PipelineScheduler scheduler =
        CountingStoreProvider.around(
            directory.resolve("services"), () -> PipelineScheduler.create(config));
    CountingStore store = CountingStoreProvider.last();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    scheduler.start();
    // A read through Hibernate waits for the store's boot in the background (slow on a loaded
    // machine), which the heartbeat's read would otherwise wait for inside the close's bound.
    scheduler.getHistory("none", 1);
    AtomicBoolean interrupted = new AtomicBoolean();
    store.beforeFindStaleRunning =
        () -> {
          store.beforeFindStaleRunning = () -> {};
          entered.countDown();
          while (release.getCount() > 0) {
            try {
              release.await();
            } catch (InterruptedException e) {
              interrupted.set(true); // a JDBC call ignores it; the pool's next wait would not
            }
          }
        };
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(scheduler::close);
    try {
      closing.get(1, TimeUnit.SECONDS); // a close that does not wait returns at once
    } catch (TimeoutException stillWaiting) {
      // as it should: the heartbeat holds it
    }
    int ended = store.findStaleRunningEnded.get();
    release.countDown();
    closing.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> store.findStaleRunningEnded.get() > ended);

    // The heartbeat's read went on against the store, still open, and was not interrupted.
    assertThat(interrupted).as("the task under way was interrupted").isFalse();
    assertThat(store.findStaleRunningFailure).isNull();
    assertThat(store.calls()).containsKey("findStaleRunning");
  }
}
