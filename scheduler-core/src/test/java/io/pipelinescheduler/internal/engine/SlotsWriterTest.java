package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.testing.SettableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Schedules' slots are written after the slots being claimed meanwhile, at most a bound later. */
class SlotsWriterTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  private final List<Long> writtenAt = new CopyOnWriteArrayList<>();
  private final ScheduleStore store =
      (ScheduleStore)
          Proxy.newProxyInstance(
              ScheduleStore.class.getClassLoader(),
              new Class<?>[] {ScheduleStore.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "name" -> "recording";
                    case "updateSlots" -> {
                      writtenAt.add(System.nanoTime());
                      yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
  private final PendingClaims claims = new PendingClaims();

  private SlotsWriter writer() {
    return new SlotsWriter(
        store,
        new BackendErrors(
            store.name(),
            new BackendHealth(),
            new SchedulerListener() {},
            new SettableClock(T0),
            new ReapGate(Duration.ofSeconds(30), Duration.ofSeconds(10))),
        claims);
  }

  @Test
  void slots_are_written_once_the_slots_being_claimed_are_claimed() throws Exception {
    SlotsWriter writer = writer();
    try {
      claims.added(1);
      writer.put("a", T0, T0.plusSeconds(60));
      Thread.sleep(50);
      assertThat(writtenAt).isEmpty();

      long claimedAt = System.nanoTime();
      claims.done(1);

      await().atMost(Duration.ofSeconds(10)).until(() -> !writtenAt.isEmpty());
      assertThat(writtenAt.get(0)).isGreaterThanOrEqualTo(claimedAt);
    } finally {
      writer.close();
    }
  }

  @Test
  void slots_wait_for_claims_at_most_a_bound() {
    SlotsWriter writer = writer();
    try {
      claims.added(1); // never claimed
      writer.put("a", T0, T0.plusSeconds(60));

      await().atMost(Duration.ofSeconds(10)).until(() -> !writtenAt.isEmpty());
      assertThat(claims.busy()).isTrue();
    } finally {
      writer.close();
    }
  }
}
