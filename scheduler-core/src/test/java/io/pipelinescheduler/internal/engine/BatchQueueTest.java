package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchQueueTest {
  @Test
  void
      items_queued_while_a_batch_is_handled_come_next_in_order_and_in_batches_of_at_most_the_limit()
          throws Exception {
    CountDownLatch firstBatchHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    BatchQueue<Integer> queue =
        new BatchQueue<>(
            "test-batches",
            3,
            batch -> {
              batches.add(List.copyOf(batch));
              firstBatchHeld.countDown();
              awaitQuietly(release);
            });
    queue.add(0);
    assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 7; i++) {
      queue.add(i);
    }

    release.countDown();
    queue.close();

    assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7));
  }

  @Test
  void close_hands_on_what_was_queued_then_refuses_later_items() throws Exception {
    CountDownLatch firstBatchHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
    BatchQueue<Integer> queue =
        new BatchQueue<>(
            "test-batches",
            10,
            batch -> {
              handled.addAll(batch);
              firstBatchHeld.countDown();
              awaitQuietly(release);
            });
    queue.add(1);
    assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
    queue.add(2);
    queue.add(3);

    new Thread(release::countDown).start();
    queue.close();

    assertThat(handled).containsExactly(1, 2, 3);
    assertThat(queue.add(4)).isFalse();
  }

  @Test
  void a_handler_that_leaves_its_thread_interrupted_does_not_stop_the_queue() {
    List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
    BatchQueue<Integer> queue =
        new BatchQueue<>(
            "test-batches",
            1,
            batch -> {
              handled.addAll(batch);
              Thread.currentThread().interrupt();
            });

    queue.add(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(1));
    queue.add(2);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(2));
    queue.close();
    assertThat(handled).containsExactly(1, 2);
  }

  @Test
  void a_handler_that_throws_loses_only_its_batch() {
    List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
    BatchQueue<Integer> queue =
        new BatchQueue<>(
            "test-batches",
            1,
            batch -> {
              if (batch.contains(1)) {
                throw new IllegalStateException("boom");
              }
              handled.addAll(batch);
            });

    queue.add(1);
    queue.add(2);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains(2));
    queue.close();
    assertThat(handled).containsExactly(2);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
