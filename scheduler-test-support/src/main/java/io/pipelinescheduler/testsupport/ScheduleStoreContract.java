package io.pipelinescheduler.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleSlots;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StepOutcome;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ScheduleStore} must have, run against each store (the in-memory one
 * and the JPA store on SQLite and PostgreSQL): schedules, runs, fences, history, queued runs and
 * many threads writing at once.
 *
 * <p>A store author adds {@code io.pipelinescheduler:scheduler-test-support} in test scope and
 * subclasses this in a JUnit 5 test:
 *
 * <pre>{@code
 * class MyScheduleStoreTest extends ScheduleStoreContract {
 *   protected ScheduleStore newStore() {
 *     return new MyScheduleStore(freshDatabase()); // new and empty for each test
 *   }
 * }
 * }</pre>
 *
 * <p>The store is closed after each test. The fixtures ({@link #schedule}, {@link #scheduledRun},
 * ...) and {@link #inParallel} are there for a store's own extra tests.
 *
 * <p>Instants here have at most microsecond precision, which every store keeps.
 */
public abstract class ScheduleStoreContract {
  /** A fixed instant the tests count from. */
  protected static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  /** The store under test: new and empty for each test, closed after it. */
  protected ScheduleStore store;

  /** Opens a new, empty store. */
  protected abstract ScheduleStore newStore() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- fixtures ----

  /** A code-defined daily schedule, enabled, never fired, version 0. */
  protected static StoredSchedule schedule(String name) {
    return new StoredSchedule(
        name, ScheduleType.DAILY, "09:00", BERLIN, true, T0, null, null, null, 0);
  }

  /** A data-defined one-shot schedule, enabled, never fired, version 0. */
  private static StoredSchedule definedOnce(
      String name, Instant nextRun, Map<String, Object> definition) {
    return new StoredSchedule(
        name,
        ScheduleType.ONCE,
        "2026-03-10T09:00:00Z",
        BERLIN,
        true,
        T0,
        null,
        nextRun,
        definition,
        0);
  }

  /** A scheduled (fenced) run of a slot, just claimed. */
  protected static ExecutionRecord scheduledRun(String scheduleName, Instant slot, int attempt) {
    return run(scheduleName, slot, attempt, attempt == 1 ? Trigger.SCHEDULED : Trigger.RETRY);
  }

  /** A running record with a new id. */
  protected static ExecutionRecord run(
      String scheduleName, Instant slot, int attempt, Trigger trigger) {
    return ExecutionRecord.running(
        UUID.randomUUID().toString(), scheduleName, slot, slot, attempt, trigger, "node-a");
  }

  /** A scheduled run of a slot as the scheduler records it at claim time: QUEUED. */
  protected static ExecutionRecord queuedRun(String scheduleName, Instant slot, int attempt) {
    return ExecutionRecord.queued(
        UUID.randomUUID().toString(),
        scheduleName,
        slot,
        slot,
        attempt,
        attempt == 1 ? Trigger.SCHEDULED : Trigger.RETRY,
        "node-a");
  }

  /** The same run, finished at {@code finished} with the outcome. */
  protected static ExecutionRecord finished(
      ExecutionRecord run, ExecutionStatus outcome, Instant finished) {
    return run.finish(
        outcome,
        finished,
        Duration.between(run.startedAt(), finished),
        outcome == ExecutionStatus.SUCCEEDED ? null : "java.io.IOException: disk full",
        "line 1\nline 2");
  }

  // ---- schedules ----

  @Test
  void a_saved_schedule_is_found_by_name_with_every_field() {
    StoredSchedule saved =
        new StoredSchedule(
            "report",
            ScheduleType.CRON,
            "0 9 * * 1-5",
            BERLIN,
            false,
            T0,
            T0.plusSeconds(3600),
            T0.plusSeconds(7200),
            null,
            0);

    store.saveSchedule(saved);

    assertThat(store.findSchedule("report")).contains(saved);
  }

  @Test
  void finding_a_schedule_that_was_never_saved_gives_nothing() {
    store.saveSchedule(schedule("report"));

    assertThat(store.findSchedule("Report")).isEmpty();
    assertThat(store.findSchedule("other")).isEmpty();
  }

  @Test
  void schedules_are_listed_sorted_by_name() {
    for (String name : List.of("b-report", "c", "a-lower", "A-upper")) {
      store.saveSchedule(schedule(name));
    }

    assertThat(store.findSchedules())
        .extracting(StoredSchedule::name)
        .containsExactly("A-upper", "a-lower", "b-report", "c");
  }

  @Test
  void saving_a_schedule_again_replaces_it_and_increments_its_version() {
    store.saveSchedule(schedule("report"));
    StoredSchedule changed =
        new StoredSchedule(
            "report", ScheduleType.HOURLY, "15", ZoneId.of("UTC"), true, T0, null, null, null, 0);

    store.saveSchedule(changed);
    store.saveSchedule(changed);

    StoredSchedule found = store.findSchedule("report").orElseThrow();
    assertThat(found.type()).isEqualTo(ScheduleType.HOURLY);
    assertThat(found.spec()).isEqualTo("15");
    assertThat(found.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(found.version()).isEqualTo(2);
    assertThat(store.findSchedules()).hasSize(1);
  }

  @Test
  void deleting_a_schedule_removes_it_and_keeps_its_runs() {
    store.saveSchedule(schedule("report"));
    store.saveSchedule(schedule("other"));
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);

    boolean deleted = store.deleteSchedule("report");

    assertThat(deleted).isTrue();
    assertThat(store.findSchedule("report")).isEmpty();
    assertThat(store.findSchedules()).extracting(StoredSchedule::name).containsExactly("other");
    assertThat(store.findHistory("report", 10)).containsExactly(run);
    assertThat(store.deleteSchedule("report")).isFalse();
    assertThat(store.deleteSchedule("never-saved")).isFalse();
  }

  @Test
  void a_schedule_saved_again_after_deletion_has_its_earlier_runs_and_fences() {
    store.saveSchedule(schedule("report"));
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    store.deleteSchedule("report");

    store.saveSchedule(schedule("report"));

    assertThat(store.findSchedule("report")).isPresent();
    assertThat(store.findHistory("report", 10)).containsExactly(run);
    assertThat(store.insertRun(scheduledRun("report", T0, 1))).isFalse();
  }

  @Test
  void runs_of_a_name_never_saved_are_recorded_and_found() {
    ExecutionRecord run = scheduledRun("ad-hoc", T0, 1);

    assertThat(store.insertRun(run)).isTrue();

    assertThat(store.findSchedule("ad-hoc")).isEmpty();
    assertThat(store.findSchedules()).isEmpty();
    assertThat(store.findHistory("ad-hoc", 10)).containsExactly(run);
    assertThat(store.findRun(run.runId())).contains(run);
  }

  @Test
  void update_slots_records_the_last_slot_and_next_run_and_keeps_the_version() {
    store.saveSchedule(schedule("report"));
    Instant last = T0.plusSeconds(3600);
    Instant next = T0.plusSeconds(90_000);

    store.updateSlots("report", last, next);

    StoredSchedule found = store.findSchedule("report").orElseThrow();
    assertThat(found.lastSlot()).isEqualTo(last);
    assertThat(found.nextRun()).isEqualTo(next);
    assertThat(found.version()).isZero();
    store.updateSlots("report", last, null);
    assertThat(store.findSchedule("report").orElseThrow().nextRun()).isNull();
  }

  @Test
  void update_slots_of_many_schedules_at_once_records_each_and_skips_unknown_names() {
    store.saveSchedule(schedule("a"));
    store.saveSchedule(schedule("b"));

    store.updateSlots(
        List.of(
            new ScheduleSlots("a", T0, T0.plusSeconds(60)),
            new ScheduleSlots("ghost", T0, T0.plusSeconds(60)),
            new ScheduleSlots("b", T0.plusSeconds(1), null)));

    assertThat(store.findSchedule("a").orElseThrow().lastSlot()).isEqualTo(T0);
    assertThat(store.findSchedule("a").orElseThrow().nextRun()).isEqualTo(T0.plusSeconds(60));
    assertThat(store.findSchedule("b").orElseThrow().lastSlot()).isEqualTo(T0.plusSeconds(1));
    assertThat(store.findSchedule("b").orElseThrow().nextRun()).isNull();
    assertThat(store.findSchedule("ghost")).isEmpty();
  }

  @Test
  void update_slots_and_set_enabled_of_an_unknown_schedule_store_nothing() {
    store.updateSlots("ghost", T0, T0.plusSeconds(60));
    store.setEnabled("ghost", false);

    assertThat(store.findSchedule("ghost")).isEmpty();
    assertThat(store.findSchedules()).isEmpty();
  }

  @Test
  void set_enabled_switches_a_schedule_off_and_on() {
    store.saveSchedule(schedule("report"));

    store.setEnabled("report", false);
    boolean afterDisable = store.findSchedule("report").orElseThrow().enabled();
    store.setEnabled("report", true);

    assertThat(afterDisable).isFalse();
    assertThat(store.findSchedule("report").orElseThrow().enabled()).isTrue();
  }

  @Test
  void a_definition_map_comes_back_equal_with_nested_maps_lists_and_numbers() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("id", 42);
    params.put("big", 10_000_000_000L);
    params.put("ratio", 2.5);
    params.put("negative", -7);
    params.put("flag", true);
    params.put("nothing", null);
    params.put("text", "Grüße, \"quoted\"\nnext line");
    params.put("list", List.of(1, "two", 3.25, List.of(), Map.of("deep", List.of(false))));
    params.put("nested", Map.of("a", Map.of("b", Map.of("c", 1))));
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("jobType", "send-invoice");
    definition.put("params", params);
    definition.put("timeout", null);
    definition.put("dependsOn", List.of("extract", "load"));
    StoredSchedule saved = definedOnce("invoice-42", T0.plusSeconds(90_000), definition);

    store.saveSchedule(saved);

    StoredSchedule found = store.findSchedule("invoice-42").orElseThrow();
    assertThat(found.definition()).isEqualTo(definition);
    assertThat(found).isEqualTo(saved);
  }

  @Test
  void a_schedule_whose_job_is_code_has_no_definition() {
    store.saveSchedule(schedule("report"));

    assertThat(store.findSchedule("report").orElseThrow().definition()).isNull();
  }

  @Test
  void the_defined_schedules_are_those_with_a_definition_sorted_by_name() {
    store.saveSchedule(schedule("report"));
    for (String name : List.of("send-b", "send-a")) {
      store.saveSchedule(definedOnce(name, null, Map.of("jobType", "send", "params", Map.of())));
    }

    assertThat(store.findDefinedSchedules())
        .extracting(StoredSchedule::name)
        .containsExactly("send-a", "send-b");
  }

  @Test
  void the_schedules_of_a_type_are_those_of_that_type_sorted_by_name() {
    store.saveSchedule(schedule("report"));
    for (String name : List.of("publish-b", "publish-a")) {
      store.saveSchedule(
          new StoredSchedule(
              name, ScheduleType.AFTER, "report", BERLIN, true, T0, null, null, null, 0));
    }

    assertThat(store.findSchedulesOfType(ScheduleType.AFTER))
        .extracting(StoredSchedule::name)
        .containsExactly("publish-a", "publish-b");
    assertThat(store.findSchedulesOfType(ScheduleType.AFTER).get(0).spec()).isEqualTo("report");
    assertThat(store.findSchedulesOfType(ScheduleType.DAILY))
        .extracting(StoredSchedule::name)
        .containsExactly("report");
    assertThat(store.findSchedulesOfType(ScheduleType.CRON)).isEmpty();
  }

  @Test
  void many_schedules_saved_at_once_are_each_found_with_every_field() {
    store.saveSchedule(schedule("b-existing"));
    StoredSchedule replaced = schedule("b-existing").withEnabled(false);
    StoredSchedule defined =
        definedOnce("a-defined", T0.plusSeconds(60), Map.of("timing", Map.of("kind", "once")));
    List<StoredSchedule> batch = new ArrayList<>(List.of(defined, replaced));
    for (int i = 0; i < 1_200; i++) {
      batch.add(schedule(String.format("c-%04d", i)));
    }

    store.saveSchedules(batch);

    assertThat(store.findSchedules()).hasSize(1_202);
    assertThat(store.findSchedule("a-defined").orElseThrow().definition())
        .isEqualTo(defined.definition());
    assertThat(store.findSchedule("b-existing").orElseThrow().enabled()).isFalse();
    assertThat(store.findSchedule("b-existing").orElseThrow().version()).isEqualTo(1);
    assertThat(store.findSchedule("c-1199")).contains(schedule("c-1199"));
  }

  @Test
  void saving_no_schedules_at_once_changes_nothing() {
    store.saveSchedule(schedule("report"));

    store.saveSchedules(List.of());

    assertThat(store.findSchedules()).containsExactly(schedule("report"));
  }

  @Test
  void schedules_found_by_names_are_the_stored_ones_sorted_by_name() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1_100; i++) {
      store.saveSchedule(schedule(String.format("s-%04d", i)));
      names.add(String.format("s-%04d", 1_099 - i));
    }
    names.add("never-saved");
    names.add("s-0001");

    List<StoredSchedule> found = store.findSchedules(names);

    assertThat(found).hasSize(1_100);
    assertThat(found.get(0)).isEqualTo(schedule("s-0000"));
    assertThat(found).extracting(StoredSchedule::name).isSorted();
    assertThat(store.findSchedules(List.of("never-saved"))).isEmpty();
  }

  @Test
  void the_latest_runs_of_many_schedules_are_the_newest_run_of_each_that_has_runs() {
    store.saveSchedule(schedule("a"));
    store.saveSchedule(schedule("b"));
    ExecutionRecord older = scheduledRun("a", T0, 1);
    ExecutionRecord newer = scheduledRun("a", T0.plusSeconds(60), 1);
    ExecutionRecord onlyOfB = scheduledRun("b", T0, 1);
    store.insertRuns(List.of(older, newer, onlyOfB));

    Map<String, ExecutionRecord> latest = store.findLatestRuns(List.of("a", "b", "c"));

    assertThat(latest).containsOnlyKeys("a", "b");
    assertThat(latest.get("a").runId()).isEqualTo(newer.runId());
    assertThat(latest.get("b").runId()).isEqualTo(onlyOfB.runId());
  }

  @Test
  void merging_a_schedule_never_stored_saves_what_merge_makes_of_nothing() {
    List<Object> given = new ArrayList<>();

    StoredSchedule saved =
        store.mergeSchedule(
            "report",
            (stored, latest) -> {
              given.clear();
              given.add(stored);
              given.add(latest);
              return schedule("report");
            });

    assertThat(given).containsExactly(Optional.empty(), Optional.empty());
    assertThat(saved.name()).isEqualTo("report");
    assertThat(store.findSchedule("report")).contains(schedule("report"));
  }

  @Test
  void merging_a_stored_schedule_gives_merge_the_stored_row_and_latest_run_and_saves_its_result() {
    StoredSchedule disabled = schedule("report").withEnabled(false).withSlots(T0, null);
    store.saveSchedule(disabled);
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    List<Object> given = new ArrayList<>();

    store.mergeSchedule(
        "report",
        (stored, latest) -> {
          given.clear();
          given.add(stored.orElseThrow().enabled());
          given.add(stored.orElseThrow().lastSlot());
          given.add(latest.orElseThrow().runId());
          return stored.orElseThrow().withSlots(T0, T0.plusSeconds(86_400));
        });

    assertThat(given).containsExactly(false, T0, run.runId());
    StoredSchedule now = store.findSchedule("report").orElseThrow();
    assertThat(now.enabled()).isFalse();
    assertThat(now.nextRun()).isEqualTo(T0.plusSeconds(86_400));
  }

  @Test
  void a_merge_that_throws_saves_nothing() {
    store.saveSchedule(schedule("report"));

    assertThatThrownBy(
            () ->
                store.mergeSchedule(
                    "other",
                    (stored, latest) -> {
                      throw new IllegalStateException("merge failed");
                    }))
        .hasStackTraceContaining("merge failed");

    assertThat(store.findSchedules()).containsExactly(schedule("report"));
  }

  // ---- runs ----

  @Test
  void an_inserted_run_is_found_by_its_id() {
    ExecutionRecord run = scheduledRun("report", T0, 1);

    boolean inserted = store.insertRun(run);

    assertThat(inserted).isTrue();
    assertThat(store.findRun(run.runId())).contains(run);
    assertThat(store.findRun("no-such-run")).isEmpty();
  }

  @Test
  void a_second_run_of_the_same_schedule_slot_and_attempt_is_not_recorded() {
    ExecutionRecord first = scheduledRun("report", T0, 1);
    ExecutionRecord second = scheduledRun("report", T0, 1);
    store.insertRun(first);

    boolean inserted = store.insertRun(second);

    assertThat(inserted).isFalse();
    assertThat(store.findRun(second.runId())).isEmpty();
    assertThat(store.findRun(first.runId())).contains(first);
    assertThat(store.findHistory("report", 10)).containsExactly(first);
  }

  @Test
  void a_catch_up_run_is_fenced_like_a_scheduled_run_of_the_same_slot() {
    store.insertRun(run("report", T0, 1, Trigger.CATCH_UP));

    assertThat(store.insertRun(run("report", T0, 1, Trigger.SCHEDULED))).isFalse();
    assertThat(store.insertRun(run("report", T0, 1, Trigger.CATCH_UP))).isFalse();
  }

  @Test
  void another_attempt_slot_or_schedule_is_a_different_key() {
    store.insertRun(scheduledRun("report", T0, 1));

    assertThat(store.insertRun(scheduledRun("report", T0, 2))).isTrue();
    assertThat(store.insertRun(scheduledRun("report", T0, 2))).isFalse();
    assertThat(store.insertRun(scheduledRun("report", T0.plusSeconds(60), 1))).isTrue();
    assertThat(store.insertRun(scheduledRun("other", T0, 1))).isTrue();
    assertThat(store.insertRun(scheduledRun("report", T0.plusNanos(1_000), 1))).isTrue();
  }

  @Test
  void manual_runs_never_collide() {
    store.insertRun(scheduledRun("report", T0, 1));

    boolean manualAtTheSlot = store.insertRun(run("report", T0, 1, Trigger.MANUAL));
    boolean secondManual = store.insertRun(run("report", T0, 1, Trigger.MANUAL));
    boolean thirdManual = store.insertRun(run("report", T0, 1, Trigger.MANUAL));

    assertThat(List.of(manualAtTheSlot, secondManual, thirdManual)).containsOnly(true);
    assertThat(store.findHistory("report", 10)).hasSize(4);
  }

  @Test
  void insert_runs_gives_one_result_per_run_in_order_and_fences_like_insert_run() {
    ExecutionRecord earlier = scheduledRun("report", T0, 1);
    store.insertRun(earlier);
    ExecutionRecord fresh = scheduledRun("report", T0.plusSeconds(60), 1);
    ExecutionRecord taken = scheduledRun("report", T0, 1);
    ExecutionRecord manual = run("report", T0, 1, Trigger.MANUAL);
    ExecutionRecord other = scheduledRun("other", T0, 1);

    List<Boolean> inserted = store.insertRuns(List.of(fresh, taken, manual, other));

    assertThat(inserted).containsExactly(true, false, true, true);
    assertThat(store.findRun(fresh.runId())).contains(fresh);
    assertThat(store.findRun(taken.runId())).isEmpty();
    assertThat(store.findRun(manual.runId())).contains(manual);
    assertThat(store.findRun(other.runId())).contains(other);
    assertThat(store.insertRuns(List.of())).isEmpty();
  }

  @Test
  void update_runs_finishes_each_run_still_running_and_keeps_the_others() {
    ExecutionRecord first = scheduledRun("report", T0, 1);
    ExecutionRecord second = scheduledRun("report", T0.plusSeconds(60), 1);
    ExecutionRecord abandoned = scheduledRun("report", T0.plusSeconds(120), 1);
    store.insertRuns(List.of(first, second, abandoned));
    ExecutionRecord abandonedEnd =
        finished(abandoned, ExecutionStatus.ABANDONED, T0.plusSeconds(130));
    store.updateRun(abandonedEnd);
    ExecutionRecord firstEnd = finished(first, ExecutionStatus.SUCCEEDED, T0.plusSeconds(1));
    ExecutionRecord secondEnd = finished(second, ExecutionStatus.FAILED, T0.plusSeconds(61));

    store.updateRuns(
        List.of(
            firstEnd,
            secondEnd,
            finished(abandoned, ExecutionStatus.SUCCEEDED, T0.plusSeconds(140)),
            finished(scheduledRun("ghost", T0, 1), ExecutionStatus.SUCCEEDED, T0)));

    assertThat(store.findRun(first.runId())).contains(firstEnd);
    assertThat(store.findRun(second.runId())).contains(secondEnd);
    assertThat(store.findRun(abandoned.runId())).contains(abandonedEnd);
    assertThat(store.findHistory("ghost", 10)).isEmpty();
  }

  @Test
  void update_run_replaces_its_end_status_output_and_error() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    ExecutionRecord failed = finished(run, ExecutionStatus.FAILED, T0.plusMillis(1_500));

    store.updateRun(failed);

    ExecutionRecord found = store.findRun(run.runId()).orElseThrow();
    assertThat(found).isEqualTo(failed);
    assertThat(found.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(found.success()).isFalse();
    assertThat(found.duration()).isEqualTo(Duration.ofMillis(1_500));
    assertThat(found.error()).isEqualTo("java.io.IOException: disk full");
    assertThat(found.output()).isEqualTo("line 1\nline 2");
  }

  @Test
  void the_step_outcomes_of_a_pipeline_run_come_back_in_order_with_every_field() {
    ExecutionRecord run = scheduledRun("etl", T0, 1);
    store.insertRun(run);
    ExecutionRecord ended =
        finished(run, ExecutionStatus.SUCCEEDED, T0.plusSeconds(90))
            .withSteps(
                List.of(
                    new StepOutcome(
                        "extract", ExecutionStatus.SUCCEEDED, Duration.ofMillis(1_250), 2, null),
                    new StepOutcome(
                        "notify",
                        ExecutionStatus.FAILED,
                        Duration.ofNanos(1_000_001),
                        1,
                        "java.lang.IllegalStateException: mail server \"down\" ü"),
                    new StepOutcome(
                        "load",
                        ExecutionStatus.TIMED_OUT,
                        Duration.ofMinutes(10),
                        3,
                        "java.util.concurrent.TimeoutException: step 'load' timed out")));

    store.updateRun(ended);

    assertThat(store.findRun(run.runId())).contains(ended);
    assertThat(store.findHistory("etl", 1)).containsExactly(ended);
    assertThat(store.findLatestRuns(List.of("etl"))).containsEntry("etl", ended);
    assertThat(store.findRun(run.runId()).orElseThrow().failedSteps())
        .containsExactly("notify", "load");
  }

  @Test
  void a_run_that_is_not_a_pipeline_comes_back_without_step_outcomes() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    store.updateRun(finished(run, ExecutionStatus.SUCCEEDED, T0.plusSeconds(1)));

    assertThat(store.findRun(run.runId()).orElseThrow().steps()).isEmpty();
  }

  @Test
  void update_run_does_not_overwrite_a_run_that_is_no_longer_running() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    ExecutionRecord failed = finished(run, ExecutionStatus.FAILED, T0.plusMillis(1_500));
    store.updateRun(failed);

    store.updateRun(finished(run, ExecutionStatus.SUCCEEDED, T0.plusMillis(2_000)));

    assertThat(store.findRun(run.runId())).contains(failed);
    assertThat(store.notRunning(List.of(run.runId(), "unknown-run"))).containsExactly(run.runId());
  }

  @Test
  void update_run_can_record_a_later_start_for_a_run_that_waited_for_a_worker() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    ExecutionRecord started = run.withStartedAt(T0.plusSeconds(5));

    store.updateRun(started);

    assertThat(store.findRun(run.runId())).contains(started);
  }

  @Test
  void a_queued_run_is_recorded_queued_and_fences_its_slot() {
    ExecutionRecord queued = queuedRun("report", T0, 1);

    boolean inserted = store.insertRun(queued);

    assertThat(inserted).isTrue();
    assertThat(store.findRun(queued.runId())).contains(queued);
    assertThat(store.insertRun(queuedRun("report", T0, 1))).isFalse();
    assertThat(store.notRunning(List.of(queued.runId()))).isEmpty();
  }

  @Test
  void mark_started_turns_queued_runs_running_from_their_start_and_leaves_ended_runs_alone() {
    ExecutionRecord waiting = queuedRun("report", T0, 1);
    ExecutionRecord cancelled = queuedRun("report", T0.plusSeconds(60), 1);
    store.insertRuns(List.of(waiting, cancelled));
    ExecutionRecord ended =
        cancelled.finish(
            ExecutionStatus.CANCELLED, T0.plusSeconds(61), Duration.ZERO, "stopped", "");
    store.updateRun(ended);
    ExecutionRecord started = waiting.start(T0.plusSeconds(5));

    store.markStarted(List.of(started, cancelled.start(T0.plusSeconds(62))));

    assertThat(store.findRun(waiting.runId())).contains(started);
    assertThat(store.findRun(cancelled.runId())).contains(ended);
  }

  @Test
  void start_queued_starts_a_run_only_while_it_is_queued_on_the_node_that_starts_it() {
    ExecutionRecord waiting = queuedRun("report", T0, 1);
    ExecutionRecord cancelled = queuedRun("report", T0.plusSeconds(60), 1);
    store.insertRuns(List.of(waiting, cancelled));
    ExecutionRecord ended =
        cancelled.finish(
            ExecutionStatus.CANCELLED, T0.plusSeconds(61), Duration.ZERO, "stopped", "");
    store.updateRun(ended);
    ExecutionRecord started = waiting.start(T0.plusSeconds(5));

    boolean elsewhere = store.startQueued(waiting.withNode("node-b").start(T0.plusSeconds(4)));
    boolean here = store.startQueued(started);

    assertThat(elsewhere).isFalse();
    assertThat(here).isTrue();
    assertThat(store.findRun(waiting.runId())).contains(started);
    assertThat(store.startQueued(waiting.start(T0.plusSeconds(6)))).isFalse();
    assertThat(store.findRun(waiting.runId())).contains(started);
    assertThat(store.startQueued(cancelled.start(T0.plusSeconds(62)))).isFalse();
    assertThat(store.findRun(cancelled.runId())).contains(ended);
    assertThat(store.startQueued(queuedRun("report", T0.plusSeconds(120), 1).start(T0))).isFalse();
    assertThat(store.findHistory("report", 10)).hasSize(2);
  }

  @Test
  void an_end_written_by_an_instance_whose_queued_run_was_taken_over_leaves_the_other_rows_alone() {
    // The row as it is once node-b took node-a's queued run over (takeOverQueued): node-b's.
    ExecutionRecord ofB = queuedRun("report", T0, 1).withNode("node-b");
    ExecutionRecord own = queuedRun("report", T0.plusSeconds(60), 1);
    store.insertRuns(List.of(ofB, own));
    ExecutionRecord startedOnB = ofB.start(T0.plusSeconds(91));
    store.startQueued(startedOnB);
    ExecutionRecord seenByA = ofB.withNode("node-a");
    ExecutionRecord ownEnded =
        finished(own.start(T0.plusSeconds(61)), ExecutionStatus.FAILED, T0.plusSeconds(62));

    store.markStarted(List.of(seenByA.start(T0.plusSeconds(92))));
    store.updateRuns(
        List.of(
            seenByA.finish(
                ExecutionStatus.CANCELLED, T0.plusSeconds(93), Duration.ZERO, "stopped", ""),
            ownEnded));
    store.updateRun(
        finished(seenByA.start(T0.plusSeconds(92)), ExecutionStatus.FAILED, T0.plusSeconds(94)));

    assertThat(store.findRun(ofB.runId())).contains(startedOnB);
    assertThat(store.findRun(own.runId())).contains(ownEnded);
    ExecutionRecord endedOnB = finished(startedOnB, ExecutionStatus.SUCCEEDED, T0.plusSeconds(95));
    store.updateRun(endedOnB);
    assertThat(store.findRun(ofB.runId())).contains(endedOnB);
  }

  @Test
  void a_queued_run_can_end_without_its_start_having_been_written() {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);
    ExecutionRecord done =
        finished(queued.start(T0.plusSeconds(1)), ExecutionStatus.SUCCEEDED, T0.plusSeconds(3));

    store.updateRuns(List.of(done));
    store.markStarted(List.of(queued.start(T0.plusSeconds(1))));

    assertThat(store.findRun(queued.runId())).contains(done);
  }

  @Test
  void update_run_of_an_unknown_run_records_nothing() {
    ExecutionRecord never = scheduledRun("report", T0, 1);

    store.updateRun(finished(never, ExecutionStatus.SUCCEEDED, T0.plusSeconds(1)));

    assertThat(store.findRun(never.runId())).isEmpty();
    assertThat(store.findHistory("report", 10)).isEmpty();
  }

  @Test
  void text_microseconds_and_unicode_come_back_as_given() {
    Instant slot = Instant.parse("2026-03-09T08:00:00.123456Z");
    ExecutionRecord run = scheduledRun("report", slot, 1);
    store.insertRun(run);
    ExecutionRecord done =
        run.finish(
            ExecutionStatus.TIMED_OUT,
            slot.plus(Duration.ofNanos(2_500_001_000L)),
            Duration.ofNanos(2_500_001_000L),
            "java.util.concurrent.TimeoutException: after PT2.5S",
            "ünïcödé ✓ 日本語\r\n\ttabbed\n" + "x".repeat(10_000));

    store.updateRun(done);

    assertThat(store.findRun(run.runId())).contains(done);
  }

  @Test
  void history_is_newest_first_and_limited() {
    List<ExecutionRecord> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ExecutionRecord run = scheduledRun("report", T0.plusSeconds(60L * i), 1);
      store.insertRun(run);
      runs.add(run);
    }

    List<ExecutionRecord> latestThree = store.findHistory("report", 3);

    assertThat(latestThree).containsExactly(runs.get(4), runs.get(3), runs.get(2));
    assertThat(store.findHistory("report", 100)).hasSize(5).first().isEqualTo(runs.get(4));
    assertThat(store.findHistory("report", 1)).containsExactly(runs.get(4));
  }

  @Test
  void history_holds_only_the_runs_of_the_schedule_asked_for() {
    store.insertRun(scheduledRun("report", T0, 1));
    ExecutionRecord other = scheduledRun("other", T0.plusSeconds(1), 1);
    store.insertRun(other);

    assertThat(store.findHistory("other", 10)).containsExactly(other);
    assertThat(store.findHistory("never-ran", 10)).isEmpty();
  }

  @Test
  void runs_of_every_schedule_are_found_by_state_newest_first_and_limited() {
    ExecutionRecord oldFailure = scheduledRun("report", T0, 1);
    ExecutionRecord running = scheduledRun("export", T0.plusSeconds(60), 1);
    ExecutionRecord newFailure = scheduledRun("export", T0.plusSeconds(120), 1);
    ExecutionRecord success = scheduledRun("removed", T0.plusSeconds(180), 1);
    ExecutionRecord queued = queuedRun("report", T0.plusSeconds(240), 1);
    for (ExecutionRecord run : List.of(oldFailure, running, newFailure, success, queued)) {
      store.insertRun(run);
    }
    store.updateRun(finished(oldFailure, ExecutionStatus.FAILED, T0.plusSeconds(1)));
    store.updateRun(finished(newFailure, ExecutionStatus.TIMED_OUT, T0.plusSeconds(121)));
    store.updateRun(finished(success, ExecutionStatus.SUCCEEDED, T0.plusSeconds(181)));

    assertThat(
            store.findRuns(List.of(ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT), 10).stream()
                .map(ExecutionRecord::runId))
        .containsExactly(newFailure.runId(), oldFailure.runId());
    assertThat(store.findRuns(List.of(ExecutionStatus.RUNNING), 10))
        .extracting(ExecutionRecord::runId)
        .containsExactly(running.runId());
    assertThat(store.findRuns(List.of(), 3))
        .extracting(ExecutionRecord::runId)
        .containsExactly(queued.runId(), success.runId(), newFailure.runId());
    assertThat(store.findRuns(List.of(ExecutionStatus.CANCELLED), 10)).isEmpty();
  }

  @Test
  void heartbeat_leaves_the_records_as_they_were_and_ignores_unknown_ids() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);

    store.heartbeat(List.of(run.runId(), "no-such-run"), T0.plusSeconds(30));
    store.heartbeat(List.of(), T0.plusSeconds(60));

    assertThat(store.findRun(run.runId())).contains(run);
  }

  @Test
  void retention_deletes_runs_finished_before_the_cutoff_in_batches() {
    Instant cutoff = T0.plus(Duration.ofDays(1));
    List<ExecutionRecord> old = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ExecutionRecord run = scheduledRun(i % 2 == 0 ? "report" : "other", T0.plusSeconds(i), 1);
      store.insertRun(run);
      store.updateRun(finished(run, ExecutionStatus.SUCCEEDED, T0.plusSeconds(i + 10)));
      old.add(run);
    }
    ExecutionRecord recent = scheduledRun("report", cutoff, 1);
    store.insertRun(recent);
    store.updateRun(finished(recent, ExecutionStatus.FAILED, cutoff.plusSeconds(5)));
    ExecutionRecord stillRunning = scheduledRun("report", T0.minusSeconds(60), 1);
    store.insertRun(stillRunning);

    int first = store.deleteRunsFinishedBefore(cutoff, 2);
    int second = store.deleteRunsFinishedBefore(cutoff, 2);
    int third = store.deleteRunsFinishedBefore(cutoff, 2);
    int fourth = store.deleteRunsFinishedBefore(cutoff, 2);

    assertThat(List.of(first, second, third, fourth)).containsExactly(2, 2, 1, 0);
    assertThat(old).allSatisfy(run -> assertThat(store.findRun(run.runId())).isEmpty());
    assertThat(store.findRun(recent.runId())).isPresent();
    assertThat(store.findRun(stillRunning.runId())).isPresent();
    assertThat(store.findHistory("report", 10)).hasSize(2);
    assertThat(store.findHistory("other", 10)).isEmpty();
  }

  @Test
  void a_deleted_run_no_longer_fences_its_slot() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    store.updateRun(finished(run, ExecutionStatus.SUCCEEDED, T0.plusSeconds(1)));

    store.deleteRunsFinishedBefore(T0.plusSeconds(2), 10);

    assertThat(store.insertRun(scheduledRun("report", T0, 1))).isTrue();
  }

  // ---- concurrency ----

  @Test
  void many_threads_inserting_the_same_slot_record_exactly_one_run() throws Exception {
    int threads = 16;

    List<Boolean> results = inParallel(threads, i -> store.insertRun(scheduledRun("race", T0, 1)));

    assertThat(results.stream().filter(won -> won).count()).isEqualTo(1);
    assertThat(store.findHistory("race", 100)).hasSize(1);
  }

  @Test
  void many_threads_inserting_many_slots_record_one_run_per_slot() throws Exception {
    int threads = 8;
    int slots = 40;
    AtomicInteger won = new AtomicInteger();

    inParallel(
        threads,
        thread -> {
          for (int s = 0; s < slots; s++) {
            // each thread walks the slots from another starting point
            int slot = (s + thread * 5) % slots;
            Trigger trigger = slot % 10 == 0 ? Trigger.MANUAL : Trigger.SCHEDULED;
            if (store.insertRun(run("fuzz", T0.plusSeconds(60L * slot), 1, trigger))) {
              won.incrementAndGet();
            }
          }
          return true;
        });

    int manualSlots = slots / 10;
    int expected = (slots - manualSlots) + manualSlots * threads;
    assertThat(won.get()).isEqualTo(expected);
    List<ExecutionRecord> history = store.findHistory("fuzz", 10_000);
    assertThat(history).hasSize(expected);
    assertThat(
            history.stream()
                .filter(run -> run.trigger() == Trigger.SCHEDULED)
                .map(ExecutionRecord::scheduledTime)
                .distinct()
                .count())
        .isEqualTo(slots - manualSlots);
  }

  /** A task of a parallel run, given its thread index. */
  protected interface IndexedTask<T> {
    /** Runs on one thread. */
    T run(int index) throws Exception;
  }

  /** Runs {@code task} on {@code threads} threads released at once; returns their results. */
  protected static <T> List<T> inParallel(int threads, IndexedTask<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        Callable<T> call =
            () -> {
              ready.countDown();
              go.await();
              return task.run(index);
            };
        futures.add(pool.submit(call));
      }
      ready.await(30, TimeUnit.SECONDS);
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
