package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.StoredInstance;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.spi.ScheduleChanges;
import io.pipelinescheduler.testsupport.ScheduleStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The store contract plus what the JPA store adds (stale runs, abandoning, its schema and health),
 * run against SQLite and PostgreSQL.
 */
abstract class JpaScheduleStoreContract extends ScheduleStoreContract {
  /** A configuration pointing at this test's database (new and empty for each test). */
  protected abstract SchedulerConfig config();

  /** A plain JDBC connection to this test's database, for looking behind the store. */
  protected abstract Connection connect() throws SQLException;

  @Override
  protected ScheduleStore newStore() {
    return JpaScheduleStore.open(config());
  }

  private JpaScheduleStore jpa() {
    return (JpaScheduleStore) store;
  }

  @Test
  void history_is_ordered_by_start_whatever_the_order_of_insertion() {
    List<ExecutionRecord> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(scheduledRun("report", T0.plusSeconds(60L * i), 1));
    }
    for (int i : new int[] {2, 0, 4, 1, 3}) {
      store.insertRun(runs.get(i));
    }

    assertThat(store.findHistory("report", 3))
        .containsExactly(runs.get(4), runs.get(3), runs.get(2));
  }

  @Test
  void stale_running_runs_are_those_without_a_heartbeat_since_the_given_instant() {
    ExecutionRecord beating = scheduledRun("report", T0, 1);
    ExecutionRecord silent = scheduledRun("report", T0.plusSeconds(60), 1);
    ExecutionRecord neverBeat = scheduledRun("other", T0.plusSeconds(120), 1);
    ExecutionRecord finished = scheduledRun("other", T0.plusSeconds(180), 1);
    for (ExecutionRecord run : List.of(beating, silent, neverBeat, finished)) {
      store.insertRun(run);
    }
    store.updateRun(finished(finished, ExecutionStatus.SUCCEEDED, T0.plusSeconds(200)));
    store.heartbeat(List.of(beating.runId(), silent.runId()), T0.plusSeconds(300));
    store.heartbeat(List.of(beating.runId(), finished.runId()), T0.plusSeconds(600));

    List<ExecutionRecord> stale = jpa().findStaleRunning(T0.plusSeconds(500));

    assertThat(stale).containsExactly(silent, neverBeat);
    assertThat(jpa().findStaleRunning(T0.plusSeconds(100))).isEmpty();
    assertThat(jpa().findStaleRunning(T0.plusSeconds(700)))
        .containsExactly(beating, silent, neverBeat);
  }

  @Test
  void queued_runs_are_heart_beaten_and_stale_ones_are_found_apart_from_running_ones() {
    ExecutionRecord beating = queuedRun("report", T0, 1);
    ExecutionRecord silent = queuedRun("report", T0.plusSeconds(60), 1);
    ExecutionRecord running = queuedRun("other", T0.plusSeconds(120), 1);
    store.insertRuns(List.of(beating, silent, running));
    ExecutionRecord started = running.start(T0.plusSeconds(130));
    store.markStarted(List.of(started));
    store.heartbeat(List.of(beating.runId()), T0.plusSeconds(600));

    List<ExecutionRecord> staleQueued = jpa().findStaleQueued(T0.plusSeconds(500));

    assertThat(staleQueued).containsExactly(silent);
    assertThat(jpa().findStaleRunning(T0.plusSeconds(500))).containsExactly(started);
    assertThat(jpa().findStaleQueued(T0.plusSeconds(700))).containsExactly(beating, silent);
  }

  @Test
  void a_queued_run_is_never_marked_abandoned() {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);

    boolean marked = jpa().markAbandoned(queued.runId(), T0.plusSeconds(90), "dead");

    assertThat(marked).isFalse();
    assertThat(store.findRun(queued.runId())).contains(queued);
  }

  @Test
  void taking_over_a_stale_queued_run_gives_it_to_the_new_node_with_a_fresh_heartbeat() {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);

    boolean taken =
        jpa().takeOverQueued(queued.runId(), "node-b", T0.plusSeconds(90), T0.plusSeconds(60));

    assertThat(taken).isTrue();
    assertThat(store.findRun(queued.runId())).contains(queued.withNode("node-b"));
    assertThat(jpa().findStaleQueued(T0.plusSeconds(60))).isEmpty();
    assertThat(
            jpa().takeOverQueued(queued.runId(), "node-c", T0.plusSeconds(91), T0.plusSeconds(60)))
        .isFalse();
  }

  @Test
  void a_queued_run_that_was_heart_beaten_since_or_has_started_is_not_taken_over() {
    ExecutionRecord beating = queuedRun("report", T0, 1);
    ExecutionRecord started = queuedRun("report", T0.plusSeconds(1), 1);
    store.insertRuns(List.of(beating, started));
    store.heartbeat(List.of(beating.runId()), T0.plusSeconds(80));
    store.markStarted(List.of(started.start(T0.plusSeconds(2))));

    assertThat(
            jpa().takeOverQueued(beating.runId(), "node-b", T0.plusSeconds(90), T0.plusSeconds(60)))
        .isFalse();
    assertThat(
            jpa().takeOverQueued(started.runId(), "node-b", T0.plusSeconds(90), T0.plusSeconds(60)))
        .isFalse();
    assertThat(store.findRun(beating.runId()).orElseThrow().node()).isEqualTo("node-a");
  }

  @Test
  void the_first_node_cannot_start_or_end_a_queued_run_another_node_took_over() {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);
    jpa().takeOverQueued(queued.runId(), "node-b", T0.plusSeconds(90), T0.plusSeconds(60));

    store.markStarted(List.of(queued.start(T0.plusSeconds(91))));
    store.updateRun(
        queued.finish(ExecutionStatus.CANCELLED, T0.plusSeconds(92), Duration.ZERO, "stopped", ""));

    assertThat(store.findRun(queued.runId())).contains(queued.withNode("node-b"));
    ExecutionRecord startedOnB = queued.withNode("node-b").start(T0.plusSeconds(93));
    assertThat(store.startQueued(startedOnB)).isTrue();
    assertThat(store.findRun(queued.runId())).contains(startedOnB);
  }

  @Test
  void a_queued_run_taken_over_cannot_be_started_by_its_first_node_but_by_the_new_one() {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);
    jpa().takeOverQueued(queued.runId(), "node-b", T0.plusSeconds(90), T0.plusSeconds(60));

    boolean first = store.startQueued(queued.start(T0.plusSeconds(91)));
    ExecutionRecord startedOnB = queued.withNode("node-b").start(T0.plusSeconds(92));
    boolean taker = store.startQueued(startedOnB);

    assertThat(first).isFalse();
    assertThat(taker).isTrue();
    assertThat(store.findRun(queued.runId())).contains(startedOnB);
    assertThat(jpa().findStaleQueued(T0.plusSeconds(600))).isEmpty();
  }

  @Test
  void a_queued_run_started_by_its_node_can_no_longer_be_taken_over() {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);

    boolean started = store.startQueued(queued.start(T0.plusSeconds(1)));
    boolean taken =
        jpa().takeOverQueued(queued.runId(), "node-b", T0.plusSeconds(90), T0.plusSeconds(60));

    assertThat(started).isTrue();
    assertThat(taken).isFalse();
    assertThat(store.findRun(queued.runId()).orElseThrow().node()).isEqualTo("node-a");
  }

  @Test
  void of_many_threads_taking_over_one_queued_run_exactly_one_succeeds() throws Exception {
    ExecutionRecord queued = queuedRun("report", T0, 1);
    store.insertRun(queued);

    List<Boolean> results =
        inParallel(
            8,
            i ->
                jpa()
                    .takeOverQueued(
                        queued.runId(), "node-" + i, T0.plusSeconds(90), T0.plusSeconds(60)));

    assertThat(results.stream().filter(won -> won).count()).isEqualTo(1);
  }

  @Test
  void mark_abandoned_finishes_a_running_run_with_the_reason() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    Instant at = T0.plusSeconds(90);

    boolean marked = jpa().markAbandoned(run.runId(), at, "instance node-a stopped heart-beating");

    assertThat(marked).isTrue();
    ExecutionRecord found = store.findRun(run.runId()).orElseThrow();
    assertThat(found.status()).isEqualTo(ExecutionStatus.ABANDONED);
    assertThat(found.success()).isFalse();
    assertThat(found.finishedAt()).isEqualTo(at);
    assertThat(found.duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(found.error()).isEqualTo("instance node-a stopped heart-beating");
    assertThat(jpa().findStaleRunning(T0.plusSeconds(1000))).isEmpty();
  }

  @Test
  void mark_abandoned_leaves_finished_and_unknown_runs_alone() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    ExecutionRecord done = finished(run, ExecutionStatus.SUCCEEDED, T0.plusSeconds(5));
    store.updateRun(done);

    assertThat(jpa().markAbandoned(run.runId(), T0.plusSeconds(90), "late")).isFalse();
    assertThat(jpa().markAbandoned("no-such-run", T0.plusSeconds(90), "late")).isFalse();
    assertThat(store.findRun(run.runId())).contains(done);
  }

  @Test
  void of_many_threads_abandoning_one_run_exactly_one_succeeds() throws Exception {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);

    List<Boolean> results =
        inParallel(8, i -> jpa().markAbandoned(run.runId(), T0.plusSeconds(90 + i), "dead"));

    assertThat(results.stream().filter(won -> won).count()).isEqualTo(1);
  }

  @Test
  void the_fence_is_a_unique_index_that_the_database_itself_enforces() throws SQLException {
    store.insertRun(scheduledRun("report", T0, 1));

    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO ps_runs (run_id, schedule_name, scheduled_at, fence_slot_at, attempt,"
                    + " run_trigger, status, success, started_at, duration_us, output)"
                    + " VALUES ('sneaky', 'report', ?, ?, 1, 'SCHEDULED', 'RUNNING', ?, ?, 0, '')")) {
      long micros = T0.getEpochSecond() * 1_000_000L;
      insert.setLong(1, micros);
      insert.setLong(2, micros);
      insert.setBoolean(3, false);
      insert.setLong(4, micros);

      assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);
    }
    assertThat(store.findRun("sneaky")).isEmpty();
  }

  @Test
  void a_reopened_store_finds_what_was_stored() {
    store.saveSchedule(schedule("report"));
    store.setEnabled("report", false);
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    store.close();

    store = newStore();

    assertThat(store.findSchedule("report").orElseThrow().enabled()).isFalse();
    assertThat(store.findHistory("report", 10)).containsExactly(run);
    assertThat(store.insertRun(scheduledRun("report", T0, 1))).isFalse();
  }

  @Test
  void a_database_with_a_newer_schema_version_refuses_to_open_naming_both_versions()
      throws SQLException {
    store.close();
    store = null;
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO ps_schema_version (version, installed_at, description)"
              + " VALUES ("
              + (JpaScheduleStore.SCHEMA_VERSION + 1)
              + ", 0, 'from the future')");
    }

    assertThatThrownBy(this::newStore)
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("schema version " + (JpaScheduleStore.SCHEMA_VERSION + 1))
        .hasMessageContaining("version " + JpaScheduleStore.SCHEMA_VERSION)
        .hasMessageContaining("upgrade io.pipelinescheduler:scheduler-persistence");
  }

  @Test
  void a_schema_of_version_1_is_migrated_keeping_its_rows_and_gains_the_tables_of_version_2()
      throws SQLException {
    store.saveSchedule(schedule("report"));
    store.close();
    store = null;
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DROP TABLE ps_instances");
      statement.executeUpdate("DROP TABLE ps_claims");
      boolean sqlite = connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
      for (String trigger : List.of("inserted", "updated", "deleted")) {
        statement.executeUpdate(
            "DROP TRIGGER ps_schedules_" + trigger + (sqlite ? "" : " ON ps_schedules"));
      }
      statement.executeUpdate(
          sqlite ? "DROP TABLE ps_schedule_changes" : "DROP FUNCTION ps_schedule_changed()");
      statement.executeUpdate("DELETE FROM ps_schema_version");
      statement.executeUpdate(
          "INSERT INTO ps_schema_version (version, installed_at, description)"
              + " VALUES (1, 0, 'version 1')");
    }

    store = newStore();

    assertThat(store.findSchedule("report")).isPresent();
    store.heartbeatInstance(instance("a", T0));
    assertThat(store.findInstances()).containsExactly(instance("a", T0));
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        java.sql.ResultSet rows =
            statement.executeQuery("SELECT max(version) FROM ps_schema_version")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(JpaScheduleStore.SCHEMA_VERSION);
    }
  }

  @Test
  void instances_heartbeat_replace_their_row_and_are_removed() {
    store.heartbeatInstance(instance("a", T0));
    store.heartbeatInstance(instance("b", T0));
    store.heartbeatInstance(instance("a", T0.plusSeconds(10)));

    assertThat(store.findInstances())
        .containsExactlyInAnyOrder(instance("a", T0.plusSeconds(10)), instance("b", T0));

    store.removeInstance("a");

    assertThat(store.findInstances()).containsExactly(instance("b", T0));
  }

  @Test
  void schedules_are_read_by_name_in_chunks_leaving_out_names_not_stored() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1_200; i++) {
      names.add(String.format("s-%04d", i));
    }
    names.forEach(name -> store.saveSchedule(schedule(name)));
    List<String> wanted = new ArrayList<>(names.subList(0, 1_100));
    wanted.add("not-stored");

    assertThat(store.findSchedules(wanted))
        .extracting(StoredSchedule::name)
        .containsExactlyElementsOf(names.subList(0, 1_100));
  }

  @Test
  void the_change_feed_reports_schedules_changed_by_another_store_and_by_hand()
      throws SQLException {
    store.saveSchedule(schedule("before"));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (ScheduleStore other = newStore();
        ScheduleChanges feed = store.changes().orElseThrow()) {
      feed.watch(seen::addAll);
      other.saveSchedule(defined("created"));
      other.setEnabled("before", false);
      try (Connection connection = connect();
          Statement statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE ps_schedules SET spec = 'PT2H' WHERE name = 'created'");
      }
      other.saveSchedule(defined("removed"));
      other.deleteSchedule("removed");
      other.updateSlots("created", T0, T0.plusSeconds(60));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(seen).contains("created", "before", "removed"));
      seen.clear();
      other.updateSlots("created", T0.plusSeconds(60), T0.plusSeconds(120));
      other.saveSchedule(defined("last"));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).contains("last"));
      assertThat(seen).as("slot updates are not changes").doesNotContain("created", "before");
    }
  }

  @Test
  void a_row_inserted_by_hand_and_edits_of_its_readable_columns_are_announced()
      throws SQLException {
    store.saveSchedule(schedule("code"));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (ScheduleChanges feed = store.changes().orElseThrow();
        Connection connection = connect();
        Statement statement = connection.createStatement()) {
      feed.watch(seen::addAll);
      statement.executeUpdate(
          "INSERT INTO ps_schedules (name, schedule_type, time_of_day, command, enabled)"
              + " VALUES ('by-hand', 'DAILY', '09:00', '/opt/export.sh', TRUE)");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(seen).contains("by-hand"));
      for (String edit :
          List.of(
              "time_of_day = '10:00'",
              "start_date = '2027-01-01'",
              "command = '/opt/export-v2.sh'",
              "arguments = '--full'",
              "command = NULL, job_type = 'report'")) {
        seen.clear();
        statement.executeUpdate("UPDATE ps_schedules SET " + edit + " WHERE name = 'by-hand'");
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(seen).as(edit).contains("by-hand"));
      }
      seen.clear();
      statement.executeUpdate("UPDATE ps_schedules SET time_of_day = '10:00' WHERE name = 'code'");
      statement.executeUpdate("DELETE FROM ps_schedules WHERE name = 'by-hand'");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(seen).contains("by-hand"));
      assertThat(seen).as("a code-defined row is not data-defined").doesNotContain("code");
    }
  }

  @Test
  void a_data_defined_schedule_comes_back_with_its_readable_columns_read() {
    Map<String, Object> definition = new java.util.LinkedHashMap<>();
    definition.put("timing", Map.of("kind", "weekly", "day", "MONDAY", "at", "09:00"));
    definition.put("maxRetries", 2);
    definition.put(
        "job", Map.of("kind", "command", "program", "/opt/x.sh", "arguments", List.of("a b")));
    StoredSchedule saved =
        new StoredSchedule(
            "weekly",
            ScheduleType.WEEKLY,
            "MONDAY 09:00",
            ZoneOffset.UTC,
            true,
            T0,
            null,
            null,
            definition,
            0);
    store.saveSchedule(saved);

    assertThat(store.findSchedule("weekly")).contains(saved);
    assertThat(store.findDefinedSchedules()).containsExactly(saved);
  }

  @Test
  void a_code_defined_schedule_is_announced_only_when_switched_on_or_off() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try (ScheduleStore other = newStore();
        ScheduleChanges feed = store.changes().orElseThrow()) {
      feed.watch(seen::addAll);
      // What every instance registering the same code does: nothing another instance acts on.
      other.saveSchedule(schedule("code"));
      other.saveSchedules(List.of(schedule("code"), schedule("batch")));
      other.saveSchedules(List.of(schedule("code"), schedule("batch")));
      other.deleteSchedule("batch");
      other.setEnabled("code", false);
      other.saveSchedule(defined("marker"));

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(seen).contains("code", "marker"));
      assertThat(seen).doesNotContain("batch");
      seen.clear();
      other.setEnabled("code", false); // unchanged
      other.saveSchedule(defined("marker")); // unchanged
      other.saveSchedule(defined("end"));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).contains("end"));
      assertThat(seen).doesNotContain("code", "marker");
    }
  }

  @Test
  void a_batch_of_many_data_defined_schedules_is_announced_whole() {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<StoredSchedule> batch = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(defined("invoice-" + "x".repeat(60) + "-" + i));
    }
    try (ScheduleStore other = newStore();
        ScheduleChanges feed = store.changes().orElseThrow()) {
      feed.watch(seen::addAll);

      other.saveSchedules(batch);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsExactlyInAnyOrderElementsOf(
                          batch.stream().map(StoredSchedule::name).toList()));
    }
  }

  /** A data-defined schedule: one with a definition stored beside it. */
  private static StoredSchedule defined(String name) {
    return new StoredSchedule(
        name,
        ScheduleType.DAILY,
        "09:00",
        ZoneOffset.UTC,
        true,
        T0,
        null,
        null,
        Map.of("job", Map.of("type", "report")),
        0);
  }

  private static StoredInstance instance(String id, Instant heartbeat) {
    return new StoredInstance(id, T0, heartbeat, List.of("mail", "report"), "3:abc");
  }

  @Test
  void a_schema_without_its_indexes_refuses_to_open_naming_them() throws SQLException {
    store.close();
    store = null;
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DROP INDEX ps_runs_fence");
    }

    assertThatThrownBy(this::newStore)
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("ps_runs_fence");
  }

  @Test
  void health_details_name_the_type_the_url_and_the_pool() {
    Map<String, Object> details = store.healthDetails();

    assertThat(details.get("type")).isEqualTo(store.name());
    assertThat(details.get("url")).asString().startsWith("jdbc:" + store.name() + ":");
    assertThat(details.get("schemaVersion")).isEqualTo(JpaScheduleStore.SCHEMA_VERSION);
    assertThat(details.get("pool"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKeys("active", "idle", "total", "waiting", "maximumSize");
  }

  @Test
  void nul_characters_in_output_and_error_are_stored_as_replacement_characters() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);

    store.updateRun(
        run.finish(
            ExecutionStatus.FAILED, T0.plusSeconds(1), Duration.ofSeconds(1), "a\0b", "c\0d"));

    ExecutionRecord found = store.findRun(run.runId()).orElseThrow();
    assertThat(found.error()).isEqualTo("a\uFFFDb");
    assertThat(found.output()).isEqualTo("c\uFFFDd");
  }

  @Test
  void a_definition_holding_a_value_that_is_not_json_is_refused_naming_the_schedule_and_path() {
    StoredSchedule bad =
        new StoredSchedule(
            "invoice",
            ScheduleType.MANUAL,
            "manual",
            ZoneOffset.UTC,
            true,
            T0,
            null,
            null,
            Map.of("params", Map.of("when", T0)),
            0);

    assertThatThrownBy(() -> store.saveSchedule(bad))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("schedule 'invoice'")
        .hasMessageContaining("definition.params.when")
        .hasMessageContaining("java.time.Instant");
    assertThat(store.findSchedule("invoice")).isEmpty();
  }

  @Test
  void a_scheduled_run_without_a_slot_is_refused() {
    ExecutionRecord noSlot =
        ExecutionRecord.running("r1", "report", null, T0, 1, Trigger.SCHEDULED, "node-a");

    assertThatThrownBy(() -> store.insertRun(noSlot))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r1");
  }

  @Test
  void a_caller_whose_interrupt_flag_is_set_still_has_its_run_recorded_and_keeps_the_flag() {
    ExecutionRecord run = scheduledRun("report", T0, 1);
    store.insertRun(run);
    ExecutionRecord cancelled = finished(run, ExecutionStatus.CANCELLED, T0.plusSeconds(3));

    boolean stillInterrupted;
    Thread.currentThread().interrupt();
    try {
      store.updateRun(cancelled);
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(stillInterrupted).isTrue();
    assertThat(store.findRun(run.runId())).contains(cancelled);
  }

  @Test
  void calls_on_a_closed_store_throw_a_scheduler_exception_naming_the_database() {
    store.close();

    assertThatThrownBy(() -> store.findSchedules())
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining(store.name().equals("sqlite") ? "SQLite" : "PostgreSQL");
  }
}
