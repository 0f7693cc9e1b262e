package io.pipelinescheduler.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.store.InMemoryScheduleStore;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Starts and ends of runs that cannot be written wait, in order, bounded, and are written when the
 * store is back. The store is the real in-memory store behind a switch that makes every run write
 * fail, as an unreachable database does.
 */
class RunWritesTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  private final InMemoryScheduleStore memory = new InMemoryScheduleStore(100_000);
  private final Switchable store = new Switchable(memory);
  private final SettableClock clock = new SettableClock(T0);
  private final BackendHealth health = new BackendHealth();
  private final BackendErrors errors =
      new BackendErrors(
          store.name(),
          health,
          new SchedulerListener() {},
          clock,
          new ReapGate(Duration.ofSeconds(30), Duration.ofSeconds(10)));
  private final RunWrites writes = new RunWrites(store, errors);

  private ExecutionRecord queued(String schedule) {
    ExecutionRecord run =
        ExecutionRecord.queued(
            UUID.randomUUID().toString(), schedule, T0, T0, 1, Trigger.SCHEDULED, "node-a");
    memory.insertRun(run);
    return run;
  }

  private static ExecutionRecord succeeded(ExecutionRecord started) {
    return started.finish(
        ExecutionStatus.SUCCEEDED, T0.plusSeconds(4), Duration.ofSeconds(3), null, "done");
  }

  @Test
  void starts_and_ends_written_while_the_store_is_down_wait_and_are_written_in_order_when_back() {
    ExecutionRecord first = queued("a");
    ExecutionRecord second = queued("b");
    ExecutionRecord firstStarted = first.start(T0.plusSeconds(1));
    store.down = true;

    writes.write(List.of(firstStarted));
    writes.write(List.of(succeeded(firstStarted), second.start(T0.plusSeconds(2))));

    assertThat(writes.waitingCount()).isEqualTo(2); // the first run's end replaced its start
    assertThat(writes.waitingRunIds()).containsExactlyInAnyOrder(first.runId(), second.runId());
    assertThat(memory.findRun(first.runId())).contains(first);
    assertThat(health.failing()).isTrue();

    store.down = false;
    writes.retryWaiting();

    assertThat(writes.waitingCount()).isZero();
    assertThat(memory.findRun(first.runId())).contains(succeeded(firstStarted));
    assertThat(memory.findRun(second.runId())).contains(second.start(T0.plusSeconds(2)));
  }

  @Test
  void past_the_bound_a_write_is_not_kept_and_is_counted() {
    store.down = true;
    List<ExecutionRecord> many = new ArrayList<>();
    for (int i = 0; i < RunWrites.LIMIT + 2; i++) {
      many.add(queued("s" + i).start(T0.plusSeconds(1)));
    }

    writes.write(many);

    assertThat(writes.waitingCount()).isEqualTo(RunWrites.LIMIT);
    assertThat(writes.droppedCount()).isEqualTo(2);
    assertThat(writes.waitingRunIds())
        .doesNotContain(many.get(RunWrites.LIMIT).runId(), many.get(RunWrites.LIMIT + 1).runId());
  }

  @Test
  void a_run_waits_once_so_the_ends_of_runs_whose_starts_wait_are_kept_at_the_bound() {
    store.down = true;
    List<ExecutionRecord> starts = new ArrayList<>();
    for (int i = 0; i < RunWrites.LIMIT; i++) {
      starts.add(queued("s" + i).start(T0.plusSeconds(1)));
    }
    writes.write(starts);

    writes.write(starts.stream().map(RunWritesTest::succeeded).toList());

    assertThat(writes.waitingCount()).isEqualTo(RunWrites.LIMIT);
    assertThat(writes.droppedCount()).isZero();
    store.down = false;
    writes.retryWaiting();
    assertThat(memory.findRun(starts.get(RunWrites.LIMIT - 1).runId()))
        .contains(succeeded(starts.get(RunWrites.LIMIT - 1)));
  }

  @Test
  void while_writes_wait_a_new_one_queues_behind_them_until_they_are_written() {
    ExecutionRecord first = queued("a");
    ExecutionRecord later = queued("b");
    store.down = true;
    writes.write(List.of(first.start(T0.plusSeconds(1))));
    store.down = false;

    writes.write(List.of(later.start(T0.plusSeconds(2)))); // within the first backoff

    assertThat(writes.waitingCount()).isEqualTo(2);
    assertThat(memory.findRun(later.runId())).contains(later);
    writes.retryWaiting();
    assertThat(writes.waitingCount()).isZero();
    assertThat(memory.findRun(first.runId())).contains(first.start(T0.plusSeconds(1)));
    assertThat(memory.findRun(later.runId())).contains(later.start(T0.plusSeconds(2)));
  }

  /** The in-memory store whose run writes fail while {@code down}, as an unreachable one's do. */
  private static final class Switchable implements ScheduleStore {
    private final InMemoryScheduleStore delegate;
    volatile boolean down;

    Switchable(InMemoryScheduleStore delegate) {
      this.delegate = delegate;
    }

    private void check() {
      if (down) {
        throw new SchedulerException("store unreachable");
      }
    }

    @Override
    public String name() {
      return "switchable";
    }

    @Override
    public void saveSchedule(StoredSchedule schedule) {
      delegate.saveSchedule(schedule);
    }

    @Override
    public Optional<StoredSchedule> findSchedule(String name) {
      return delegate.findSchedule(name);
    }

    @Override
    public List<StoredSchedule> findSchedules() {
      return delegate.findSchedules();
    }

    @Override
    public boolean deleteSchedule(String name) {
      return delegate.deleteSchedule(name);
    }

    @Override
    public void updateSlots(String name, Instant lastSlot, Instant nextRun) {
      delegate.updateSlots(name, lastSlot, nextRun);
    }

    @Override
    public void setEnabled(String name, boolean enabled) {
      delegate.setEnabled(name, enabled);
    }

    @Override
    public boolean insertRun(ExecutionRecord run) {
      check();
      return delegate.insertRun(run);
    }

    @Override
    public void updateRun(ExecutionRecord run) {
      check();
      delegate.updateRun(run);
    }

    @Override
    public List<ExecutionRecord> findHistory(String scheduleName, int limit) {
      return delegate.findHistory(scheduleName, limit);
    }

    @Override
    public Optional<ExecutionRecord> findRun(String runId) {
      return delegate.findRun(runId);
    }
  }
}
