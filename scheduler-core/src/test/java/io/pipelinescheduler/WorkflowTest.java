package io.pipelinescheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workflows: {@code after} triggers and {@code dependsOn} waits (issue 18, item 1). */
class WorkflowTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
  private final PipelineScheduler scheduler = TestSchedulers.started(clock);
  private final List<String> started = new CopyOnWriteArrayList<>();
  private final List<String> skips = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  WorkflowTest() {
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            skips.add(name + " " + reason + ": " + detail);
          }
        });
  }

  @AfterEach
  void close() {
    release.countDown();
    scheduler.close();
  }

  private Job recording(String name) {
    return context -> started.add(name);
  }

  private Job blocking(String name, CountDownLatch until) {
    return context -> {
      started.add(name);
      until.await();
    };
  }

  private List<ExecutionRecord> history(String name) {
    return scheduler.getHistory(name, 10);
  }

  @Test
  void a_chain_runs_each_step_after_the_one_before_it_succeeded() {
    CountDownLatch extractDone = new CountDownLatch(1);
    CountDownLatch transformDone = new CountDownLatch(1);
    scheduler.schedule("extract").daily(LocalTime.of(9, 0)).run(blocking("extract", extractDone));
    scheduler.schedule("transform").after("extract").run(blocking("transform", transformDone));
    ScheduleInfo load = scheduler.schedule("load").after("transform").run(recording("load"));

    assertThat(load.type()).isEqualTo(ScheduleType.AFTER);
    assertThat(load.spec()).isEqualTo("transform");
    assertThat(load.description()).isEqualTo("after transform succeeds");
    assertThat(load.nextRun()).isNull();

    clock.advanceWithoutWaiting(Duration.ofHours(1));
    await().atMost(WAIT).until(() -> started.contains("extract"));
    assertThat(started).containsExactly("extract");

    extractDone.countDown();
    await().atMost(WAIT).until(() -> started.contains("transform"));
    assertThat(started).containsExactly("extract", "transform");

    transformDone.countDown();
    await().atMost(WAIT).until(() -> started.contains("load"));
    clock.advance(Duration.ZERO);
    assertThat(started).containsExactly("extract", "transform", "load");
    assertThat(history("transform")).singleElement().satisfies(this::triggeredByUpstream);
    assertThat(history("load")).singleElement().satisfies(this::triggeredByUpstream);
  }

  private void triggeredByUpstream(ExecutionRecord run) {
    assertThat(run.trigger()).isEqualTo(Trigger.UPSTREAM);
    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void a_failed_step_stops_the_chain() {
    scheduler.schedule("extract").daily(LocalTime.of(9, 0)).run(recording("extract"));
    scheduler
        .schedule("transform")
        .after("extract")
        .run(
            context -> {
              started.add("transform");
              throw new IllegalStateException("bad rows");
            });
    scheduler.schedule("load").after("transform").run(recording("load"));

    clock.advance(Duration.ofHours(1));

    assertThat(started).containsExactly("extract", "transform");
    assertThat(history("transform").get(0).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(history("load")).isEmpty();
  }

  @Test
  void fan_in_runs_once_all_upstreams_succeeded_since_its_last_run() throws Exception {
    scheduler.schedule("a").manual().run(recording("a"));
    scheduler.schedule("b").manual().run(recording("b"));
    ScheduleInfo both = scheduler.schedule("both").after("a", "b").run(recording("both"));
    assertThat(both.spec()).isEqualTo("a, b");
    assertThat(both.description()).isEqualTo("after a and b succeed");

    scheduler.runNow("a").get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(1));
    assertThat(history("both")).isEmpty();

    scheduler.runNow("b").get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ofMinutes(1));
    assertThat(history("both")).hasSize(1);

    scheduler.runNow("a").get(10, TimeUnit.SECONDS); // b has not succeeded again since
    clock.advance(Duration.ofMinutes(1));
    assertThat(history("both")).hasSize(1);

    scheduler.runNow("b").get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ZERO);
    assertThat(history("both")).hasSize(2);
    assertThat(started).containsExactly("a", "b", "both", "a", "b", "both");
  }

  @Test
  void run_now_triggers_downstream_unless_asked_not_to() throws Exception {
    scheduler.schedule("extract").manual().run(recording("extract"));
    scheduler.schedule("transform").after("extract").run(recording("transform"));

    scheduler.runNow("extract", false).get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ZERO);
    assertThat(history("transform")).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    scheduler.runNow("extract").get(10, TimeUnit.SECONDS);
    clock.advance(Duration.ZERO);
    assertThat(history("transform")).singleElement().satisfies(this::triggeredByUpstream);
  }

  /** extract and load both daily at 09:00, load dependsOn extract; 09:00 comes, extract runs. */
  private void extractAtNineRunningWithLoadDependingOnIt(CountDownLatch extractDone) {
    scheduler.schedule("extract").daily(LocalTime.of(9, 0)).run(blocking("extract", extractDone));
    scheduler
        .schedule("load")
        .daily(LocalTime.of(9, 0))
        .dependsOn("extract")
        .run(recording("load"));
    clock.advanceWithoutWaiting(Duration.ofHours(1));
    await().atMost(WAIT).until(() -> started.contains("extract"));
  }

  @Test
  void a_timed_depends_on_slot_waits_while_its_upstream_runs_and_starts_once_it_succeeded() {
    CountDownLatch extractDone = new CountDownLatch(1);
    extractAtNineRunningWithLoadDependingOnIt(extractDone);
    clock.advanceWithoutWaiting(Duration.ofMinutes(5));
    assertThat(started).containsExactly("extract");
    assertThat(skips).isEmpty();

    extractDone.countDown();
    await().atMost(WAIT).until(() -> started.contains("load"));
    clock.advance(Duration.ZERO);
    assertThat(started).containsExactly("extract", "load");
    assertThat(history("load").get(0).scheduledTime())
        .isEqualTo(Instant.parse("2026-03-09T09:00:00Z"));
    assertThat(skips).isEmpty();
  }

  @Test
  void a_depends_on_slot_is_skipped_naming_its_upstream_once_the_wait_ran_out() {
    extractAtNineRunningWithLoadDependingOnIt(release);
    clock.advanceWithoutWaiting(Duration.ofMinutes(59));
    assertThat(skips).isEmpty();
    clock.advanceWithoutWaiting(Duration.ofMinutes(2)); // past SchedulerConfig's 1 h default

    await().atMost(WAIT).until(() -> !skips.isEmpty());
    assertThat(skips)
        .singleElement()
        .asString()
        .startsWith("load DEPENDENCY: dependency 'extract' has not succeeded for its slot")
        .contains("RUNNING")
        .endsWith("within the dependency wait of PT1H");
    release.countDown();
    await()
        .atMost(WAIT)
        .until(() -> !history("extract").get(0).status().equals(ExecutionStatus.RUNNING));
    clock.advance(Duration.ZERO);
    assertThat(started).containsExactly("extract");
  }

  @Test
  void a_cycle_is_refused_naming_it_and_nothing_is_stored() {
    scheduler.schedule("a").manual().run(recording("a"));
    scheduler.schedule("b").after("a").run(recording("b"));
    scheduler.schedule("c").after("b").run(recording("c"));

    assertThatThrownBy(
            () ->
                scheduler
                    .schedule("a")
                    .daily(LocalTime.of(9, 0))
                    .dependsOn("c")
                    .run(recording("a")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("a -> b -> c -> a");
    assertThat(scheduler.getSchedule("a").orElseThrow().type()).isEqualTo(ScheduleType.MANUAL);

    assertThatThrownBy(
            () ->
                scheduler.scheduleAll(
                    batch -> {
                      batch.schedule("x").after("y").run(recording("x"));
                      batch.schedule("y").after("x").run(recording("y"));
                    }))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("x -> y -> x");
    assertThat(scheduler.getSchedule("x")).isEmpty();
    assertThat(scheduler.getSchedule("y")).isEmpty();
  }

  @Test
  void an_upstream_that_exists_nowhere_is_refused_and_nothing_is_stored() {
    assertThatThrownBy(() -> scheduler.schedule("load").after("transfrom").run(recording("load")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'load'")
        .hasMessageContaining("upstream schedule 'transfrom' (in after) does not exist");
    assertThatThrownBy(
            () ->
                scheduler
                    .schedule("report")
                    .daily(LocalTime.of(9, 0))
                    .dependsOn("nothing")
                    .run(recording("report")))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("'nothing' (in dependsOn) does not exist");
    assertThat(scheduler.listSchedules()).isEmpty();

    // Defined in the same batch, in any order: accepted.
    scheduler.scheduleAll(
        batch -> {
          batch.schedule("load").after("transform").run(recording("load"));
          batch.schedule("transform").manual().run(recording("transform"));
        });
    assertThat(scheduler.getSchedule("load").orElseThrow().spec()).isEqualTo("transform");
  }

  @Test
  void an_after_schedule_is_data_defined_and_round_trips_through_export_and_import() {
    scheduler.schedule("extract").manual().run(CommandJob.of("true"));
    scheduler.schedule("load").after("extract").run(CommandJob.of("true"));

    String exported = scheduler.exportSchedules();
    assertThat(exported.replaceAll("\\s", ""))
        .contains("\"timing\":{\"kind\":\"after\",\"after\":[\"extract\"]}");

    scheduler.unschedule("load");
    scheduler.importSchedules(
        "[{\"name\":\"load\",\"definition\":{\"timing\":{\"kind\":\"after\","
            + "\"after\":[\"extract\"]},\"job\":{\"kind\":\"command\",\"program\":\"true\"}}}]");
    ScheduleInfo load = scheduler.getSchedule("load").orElseThrow();
    assertThat(load.type()).isEqualTo(ScheduleType.AFTER);
    assertThat(load.spec()).isEqualTo("extract");
    assertThat(load.description()).isEqualTo("after extract succeeds");
  }
}
