package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.HealthStatus;
import io.pipelinescheduler.JobContext;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.testing.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances sharing one real SQLite file split the slots among the live ones able to run them: each
 * slot runs once, each instance runs some; an instance without a job type never claims its runs; a
 * dead or departed owner's slots are taken over. Time is the settable clock's; heartbeats go in
 * real time, every 50 ms, and are judged by the settable clock.
 */
class ClusterOwnershipTest {
  private static final Instant START = Instant.parse("2026-03-09T08:00:00Z");
  private static final Instant SLOT = START.plus(Duration.ofMinutes(1));
  private static final int SCHEDULES = 40;

  @TempDir Path directory;

  private final SettableClock clock = new SettableClock(START);
  private final Map<String, List<String>> ranBy = new ConcurrentHashMap<>();

  private PipelineScheduler create(String instance) {
    return create(instance, "file");
  }

  private PipelineScheduler create(String instance, String lockBackend) {
    return PipelineScheduler.create(
        SchedulerConfig.builder()
            .dbPath(directory.resolve("shared.db"))
            .distributed(true)
            .lockBackend(lockBackend)
            .lockDirectory(directory.resolve("locks"))
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .instanceId(instance)
            .heartbeatInterval(Duration.ofMillis(50))
            .heartbeatTimeout(Duration.ofMinutes(5))
            .misfireGrace(Duration.ofHours(1))
            .shutdownGrace(Duration.ofSeconds(1))
            .build());
  }

  /** An instance with {@value #SCHEDULES} one-shot code schedules at {@link #SLOT}, started. */
  private PipelineScheduler startedWithOneShots(String instance) {
    return startedWithOneShots(instance, "file");
  }

  private PipelineScheduler startedWithOneShots(String instance, String lockBackend) {
    PipelineScheduler scheduler = create(instance, lockBackend);
    for (int i = 0; i < SCHEDULES; i++) {
      scheduler.schedule(name(i)).once(SLOT).run(ran(instance));
    }
    scheduler.start();
    return scheduler;
  }

  private io.pipelinescheduler.Job ran(String instance) {
    return context -> record(instance, context);
  }

  private void record(String instance, JobContext context) {
    ranBy
        .computeIfAbsent(context.scheduleName(), name -> new CopyOnWriteArrayList<>())
        .add(instance);
  }

  private static String name(int i) {
    return String.format("job-%02d", i);
  }

  private static List<?> live(PipelineScheduler scheduler) {
    Object live = scheduler.healthCheck().details().get("liveInstances");
    return live instanceof List<?> list ? list : List.of();
  }

  private static void awaitLive(int count, PipelineScheduler... schedulers) {
    for (PipelineScheduler scheduler : schedulers) {
      await().atMost(Duration.ofSeconds(20)).until(() -> live(scheduler).size() == count);
    }
  }

  private long ranOn(String instance) {
    return ranBy.values().stream().flatMap(List::stream).filter(instance::equals).count();
  }

  @Test
  void instances_with_the_same_schedules_split_the_slots_and_run_each_once() {
    try (PipelineScheduler a = startedWithOneShots("a");
        PipelineScheduler b = startedWithOneShots("b")) {
      awaitLive(2, a, b);

      clock.advance(Duration.ofMinutes(2));

      await().atMost(Duration.ofSeconds(20)).until(() -> ranBy.size() == SCHEDULES);
      assertThat(ranBy.values()).allSatisfy(instances -> assertThat(instances).hasSize(1));
      assertThat(ranOn("a")).isPositive();
      assertThat(ranOn("b")).isPositive();
      assertThat(claims(a, "claimsLost") + claims(b, "claimsLost"))
          .as("split, not contended: no slot was claimed by both")
          .isZero();
      assertThat(claims(a, "claimsWon") + claims(b, "claimsWon")).isEqualTo(SCHEDULES);
      for (int i = 0; i < SCHEDULES; i++) {
        assertThat(a.getHistory(name(i), 5)).hasSize(1);
      }
    }
  }

  private static long claims(PipelineScheduler scheduler, String key) {
    Map<?, ?> details = (Map<?, ?>) scheduler.healthCheck().details().get("lockBackendDetails");
    return ((Number) details.get(key)).longValue();
  }

  @Test
  void an_instance_without_the_job_type_never_claims_its_runs() {
    try (PipelineScheduler a = create("a");
        PipelineScheduler b = create("b")) {
      a.registerJobType("mail", (context, params) -> record("a", context));
      a.start();
      b.start();
      awaitLive(2, a, b);
      for (int i = 0; i < SCHEDULES; i++) {
        b.schedule(name(i)).once(SLOT).run("mail", Map.of("id", i));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> a.listSchedules().size() == SCHEDULES);

      clock.advance(Duration.ofMinutes(2));

      await().atMost(Duration.ofSeconds(20)).until(() -> ranBy.size() == SCHEDULES);
      assertThat(ranOn("a")).isEqualTo(SCHEDULES);
      for (int i = 0; i < SCHEDULES; i++) {
        assertThat(b.getHistory(name(i), 5))
            .extracting(ExecutionRecord::status)
            .containsExactly(ExecutionStatus.SUCCEEDED);
      }
      assertThat(b.healthCheck().details()).doesNotContainKey("jobTypesWithoutLiveInstance");
    }
  }

  @Test
  void health_is_degraded_naming_a_job_type_that_no_live_instance_has() {
    try (PipelineScheduler a = create("a")) {
      a.registerJobType("mail", (context, params) -> {});
      a.start();
      awaitLive(1, a);
      a.schedule("archive").once(SLOT).run("archive-files", Map.of());

      HealthStatus health = a.healthCheck();

      assertThat(health.status()).isEqualTo(Health.DEGRADED);
      assertThat(health.details().get("jobTypesWithoutLiveInstance"))
          .isEqualTo(List.of("archive-files"));
      assertThat(health.details().get("reason")).asString().contains("archive-files");
      clock.advance(Duration.ofMinutes(2));
      assertThat(a.getHistory("archive", 5)).isEmpty();
    }
  }

  @Test
  void the_slots_of_an_owner_that_stopped_heart_beating_are_taken_over_once() throws Exception {
    takeOverAfter("ghost stops heart-beating", connection -> clock.advance(Duration.ofMinutes(6)));
  }

  @Test
  void the_slots_of_an_owner_that_left_are_taken_over_at_once() throws Exception {
    takeOverAfter(
        "ghost left",
        connection -> execute(connection, "DELETE FROM ps_instances WHERE instance_id = 'ghost'"));
  }

  @Test
  void an_owner_seen_alive_past_its_slots_that_dies_before_claiming_them_still_gets_them_run()
      throws Exception {
    try (PipelineScheduler a = startedWithOneShots("a");
        Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("shared.db"))) {
      addGhost(a, connection);
      clock.advance(Duration.ofMinutes(2));
      int ranBeforeDeath = ranBy.size();
      assertThat(ranBeforeDeath).isLessThan(SCHEDULES);

      // The ghost heart-beats past its slots (a lagging owner that had not claimed them yet)...
      execute(
          connection,
          "UPDATE ps_instances SET heartbeat_at = "
              + io.pipelinescheduler.persistence.internal.Micros.of(clock.instant())
              + " WHERE instance_id = 'ghost'");
      await("proof seen")
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> ((Number) a.healthCheck().details().get("slotsLeftToOwners")).intValue() == 0);
      assertThat(ranBy).hasSize(ranBeforeDeath);

      // ...and dies before claiming them.
      clock.advance(Duration.ofMinutes(6));

      await("the dead owner's slots")
          .atMost(Duration.ofSeconds(20))
          .until(() -> ranBy.size() == SCHEDULES);
      assertThat(ranBy.values()).allSatisfy(instances -> assertThat(instances).hasSize(1));
    }
  }

  @Test
  void slots_whose_dead_owner_still_holds_their_lock_backend_claims_run_through_the_store_fence()
      throws Exception {
    try (PipelineScheduler a = startedWithOneShots("a", "database");
        Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("shared.db"))) {
      addGhost(a, connection);
      clock.advance(Duration.ofMinutes(2));
      assertThat(ranBy.size()).isLessThan(SCHEDULES);

      // The ghost claimed its slots in the lock backend, a lease that will not run out soon, and
      // died before recording them in the store.
      long far =
          io.pipelinescheduler.persistence.internal.Micros.of(Instant.now().plusSeconds(3600));
      for (int i = 0; i < SCHEDULES; i++) {
        if (!ranBy.containsKey(name(i))) {
          execute(
              connection,
              "INSERT INTO ps_claims (claim_key, owner, running, expires_at, lease_until) VALUES ('"
                  + name(i)
                  + "|"
                  + SLOT.toEpochMilli()
                  + "|1', 'ghost', 1, "
                  + far
                  + ", "
                  + far
                  + ")");
        }
      }
      clock.advance(Duration.ofMinutes(6));

      await("the dead owner's slots")
          .atMost(Duration.ofSeconds(20))
          .until(() -> ranBy.size() == SCHEDULES);
      assertThat(ranBy.values()).allSatisfy(instances -> assertThat(instances).hasSize(1));
      for (int i = 0; i < SCHEDULES; i++) {
        assertThat(a.getHistory(name(i), 5)).hasSize(1);
      }
    }
  }

  /**
   * A ghost instance (a row copied from the live instance's, as a dead twin would leave) owns some
   * of the slots: they wait for it, and after {@code ownerGone} they run, each once.
   */
  private void takeOverAfter(String what, Consumer<Connection> ownerGone) throws Exception {
    try (PipelineScheduler a = startedWithOneShots("a");
        Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("shared.db"))) {
      addGhost(a, connection);

      clock.advance(Duration.ofMinutes(2));

      long left = ((Number) a.healthCheck().details().get("slotsLeftToOwners")).longValue();
      assertThat(left).as("slots left to the ghost").isPositive();
      assertThat(ranBy).hasSize(SCHEDULES - (int) left);

      ownerGone.accept(connection);

      await(what).atMost(Duration.ofSeconds(20)).until(() -> ranBy.size() == SCHEDULES);
      assertThat(ranBy.values()).allSatisfy(instances -> assertThat(instances).hasSize(1));
      for (int i = 0; i < SCHEDULES; i++) {
        assertThat(a.getHistory(name(i), 5)).hasSize(1);
      }
    }
  }

  /** Copies instance a's row as the live instance 'ghost' (a twin that will die) and awaits it. */
  private static void addGhost(PipelineScheduler a, Connection connection) {
    awaitLive(1, a);
    execute(
        connection,
        "INSERT INTO ps_instances (instance_id, started_at, heartbeat_at, job_types,"
            + " code_digest) SELECT 'ghost', started_at, heartbeat_at, job_types, code_digest"
            + " FROM ps_instances WHERE instance_id = 'a'");
    awaitLive(2, a);
  }

  private static void execute(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
