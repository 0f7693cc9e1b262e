package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pipelinescheduler.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slots that come due while the lock backend fails, on the settable clock: the real {@code file}
 * backend, whose lock directory is replaced by a plain file for the outage (every claim then fails
 * with an I/O error) and put back after.
 */
class LockBackendOutageTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path temp;
  private final SettableClock clock = new SettableClock(T0);
  private final List<JobContext> runs = new CopyOnWriteArrayList<>();
  private final List<String> skips = new CopyOnWriteArrayList<>();
  private final AtomicLong misfires = new AtomicLong();
  private PipelineScheduler scheduler;

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  private Path lockDirectory() {
    return temp.resolve("locks");
  }

  /** A started scheduler on the file backend with a per-second schedule "tick". */
  private void start(Duration misfireGrace, MisfirePolicy misfire, OverlapPolicy overlap) {
    scheduler =
        PipelineScheduler.create(
            TestSchedulers.config(clock)
                .distributed(true)
                .lockBackend("file")
                .lockDirectory(lockDirectory())
                .misfireGrace(misfireGrace)
                .build());
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            skips.add(reason + " " + slot + " " + detail);
          }

          @Override
          public void onMisfire(String name, long missed, MisfirePolicy policy) {
            misfires.addAndGet(missed);
          }
        });
    scheduler
        .schedule("tick")
        .every(Duration.ofSeconds(1))
        .misfire(misfire)
        .overlap(overlap)
        .run(runs::add);
    scheduler.start();
  }

  /** Moves the lock directory aside and puts a plain file in its place. */
  private void lockDirectoryFails() throws IOException {
    Files.move(lockDirectory(), temp.resolve("locks-aside"));
    Files.writeString(lockDirectory(), "not a directory");
  }

  private void lockDirectoryIsBack() throws IOException {
    Files.delete(lockDirectory());
    Files.move(temp.resolve("locks-aside"), lockDirectory());
  }

  /** Advances the clock a second at a time, so that each slot comes due at its own second. */
  private void secondsPass(int seconds) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(Duration.ofSeconds(1));
    }
  }

  private static Instant second(int n) {
    return T0.plusSeconds(n);
  }

  private static List<Instant> seconds(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(LockBackendOutageTest::second).toList();
  }

  private Map<Instant, Long> runsPerSlot(Trigger trigger) {
    return runs.stream()
        .filter(run -> run.trigger() == trigger)
        .collect(Collectors.groupingBy(JobContext::scheduledTime, Collectors.counting()));
  }

  /** Three slots run, slots 4 to 15 come due while the backend fails, then 16 when it is back. */
  private void anOutageOfTwelveSlots() throws IOException {
    secondsPass(3);
    lockDirectoryFails();
    secondsPass(12);
    assertThat(runs).extracting(JobContext::scheduledTime).containsExactlyElementsOf(seconds(1, 3));
    lockDirectoryIsBack();
    secondsPass(1);
  }

  @Test
  void every_slot_within_the_misfire_grace_runs_once_after_the_outage_under_allow()
      throws Exception {
    start(Duration.ofSeconds(60), MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW);

    anOutageOfTwelveSlots();
    secondsPass(3);

    assertThat(runsPerSlot(Trigger.SCHEDULED))
        .containsOnlyKeys(seconds(1, 19))
        .allSatisfy((slot, count) -> assertThat(count).isOne());
    assertThat(runsPerSlot(Trigger.CATCH_UP)).isEmpty();
    assertThat(misfires).hasValue(0);
  }

  @Test
  void under_queue_each_late_slot_runs_once_or_collapses_into_a_later_one_and_none_runs_twice()
      throws Exception {
    start(Duration.ofSeconds(60), MisfirePolicy.FIRE_ONCE, OverlapPolicy.QUEUE);

    anOutageOfTwelveSlots();
    secondsPass(3);

    Map<Instant, Long> ran = runsPerSlot(Trigger.SCHEDULED);
    List<Instant> collapsed =
        skips.stream()
            .filter(skip -> skip.startsWith(SkipReason.OVERLAP + " "))
            .filter(skip -> skip.endsWith(" collapsed into a later queued slot"))
            .map(skip -> Instant.parse(skip.split(" ")[1]))
            .toList();
    assertThat(ran).allSatisfy((slot, count) -> assertThat(count).isOne());
    assertThat(ran).containsKeys(seconds(16, 19).toArray(Instant[]::new));
    assertThat(collapsed).doesNotHaveDuplicates().doesNotContainAnyElementsOf(ran.keySet());
    assertThat(concat(collapsed, List.copyOf(ran.keySet())))
        .containsExactlyInAnyOrderElementsOf(seconds(1, 19));
    assertThat(runsPerSlot(Trigger.CATCH_UP)).isEmpty();
  }

  @Test
  void slots_older_than_the_grace_get_one_catch_up_run_under_fire_once() throws Exception {
    start(Duration.ofSeconds(5), MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW);

    anOutageOfTwelveSlots(); // back at 16: slots before 11 are older than the grace

    assertThat(runsPerSlot(Trigger.CATCH_UP)).containsExactly(Map.entry(second(10), 1L));
    assertThat(runsPerSlot(Trigger.SCHEDULED))
        .containsOnlyKeys(concat(seconds(1, 3), seconds(11, 16)).toArray(Instant[]::new))
        .allSatisfy((slot, count) -> assertThat(count).isOne());
  }

  @Test
  void slots_older_than_the_grace_are_skipped_and_counted_under_skip() throws Exception {
    start(Duration.ofSeconds(5), MisfirePolicy.SKIP, OverlapPolicy.ALLOW);

    anOutageOfTwelveSlots();

    assertThat(runsPerSlot(Trigger.CATCH_UP)).isEmpty();
    assertThat(runsPerSlot(Trigger.SCHEDULED))
        .containsOnlyKeys(concat(seconds(1, 3), seconds(11, 16)).toArray(Instant[]::new))
        .allSatisfy((slot, count) -> assertThat(count).isOne());
    assertThat(misfires).hasValue(7);
    assertThat(skips).anyMatch(skip -> skip.startsWith(SkipReason.MISFIRE.toString()));
  }

  @Test
  void each_slot_older_than_the_grace_runs_once_oldest_first_under_fire_all() throws Exception {
    start(Duration.ofSeconds(5), MisfirePolicy.FIRE_ALL, OverlapPolicy.ALLOW);

    anOutageOfTwelveSlots();

    assertThat(runs.stream().filter(run -> run.trigger() == Trigger.CATCH_UP))
        .extracting(JobContext::scheduledTime)
        .containsExactlyElementsOf(seconds(4, 10));
    assertThat(runsPerSlot(Trigger.SCHEDULED))
        .containsOnlyKeys(concat(seconds(1, 3), seconds(11, 16)).toArray(Instant[]::new))
        .allSatisfy((slot, count) -> assertThat(count).isOne());
  }

  @Test
  void the_claim_is_tried_again_within_five_seconds_of_the_backend_coming_back() throws Exception {
    scheduler =
        PipelineScheduler.create(
            TestSchedulers.config(clock)
                .distributed(true)
                .lockBackend("file")
                .lockDirectory(lockDirectory())
                .misfireGrace(Duration.ofMinutes(10))
                .build());
    // One slot an hour: no later slot's claim notices the backend's return.
    scheduler.schedule("hourly").every(Duration.ofHours(1)).run(runs::add);
    scheduler.start();
    lockDirectoryFails();
    clock.advance(Duration.ofHours(1));
    secondsPass(125); // a backoff doubling to 30 s would try next at 151 s

    lockDirectoryIsBack();
    secondsPass(5);

    assertThat(runs)
        .extracting(JobContext::scheduledTime, JobContext::trigger)
        .containsExactly(tuple(T0.plusSeconds(3600), Trigger.SCHEDULED));
  }

  private static List<Instant> concat(List<Instant> a, List<Instant> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
