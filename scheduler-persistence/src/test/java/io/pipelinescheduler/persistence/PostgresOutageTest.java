package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.Health;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.OverlapPolicy;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.testing.SettableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL server that stops while the store is open, then comes back. Always an embedded
 * server of its own (even when an external one is configured), since the test stops it.
 */
class PostgresOutageTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path data;
  private EmbeddedPostgres server;

  @AfterEach
  void stopServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private EmbeddedPostgres start(int port) {
    return PostgresServer.startEmbedded(
        EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(port));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void calls_fail_with_a_scheduler_exception_while_the_server_is_down_and_work_again_after()
      throws Exception {
    int port = freePort();
    server = start(port);
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl(server.getJdbcUrl("postgres", "postgres"))
            .dbUser("postgres")
            .build();
    try (JpaScheduleStore store = JpaScheduleStore.open(config)) {
      StoredSchedule report =
          new StoredSchedule(
              "report", ScheduleType.HOURLY, "0", ZoneOffset.UTC, true, T0, null, null, null, 0);
      store.saveSchedule(report);
      ExecutionRecord before =
          ExecutionRecord.running("run-1", "report", T0, T0, 1, Trigger.SCHEDULED, "node-a");
      store.insertRun(before);

      server.close();
      server = null;

      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            assertThatThrownBy(store::findSchedules)
                .isInstanceOf(SchedulerException.class)
                .hasMessageContaining("PostgreSQL database jdbc:postgresql://localhost:" + port);
            assertThatThrownBy(
                    () ->
                        store.insertRun(
                            ExecutionRecord.running(
                                "run-2",
                                "report",
                                T0.plusSeconds(3600),
                                T0,
                                1,
                                Trigger.SCHEDULED,
                                "node-a")))
                .isInstanceOf(SchedulerException.class);
            assertThatThrownBy(() -> store.findHistory("report", 10))
                .isInstanceOf(SchedulerException.class);
          });
      assertThat(store.healthDetails()).containsEntry("type", "postgresql");

      server = start(port);

      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreException(SchedulerException.class)
          .untilAsserted(() -> assertThat(store.findSchedule("report")).contains(report));
      assertThat(store.findHistory("report", 10)).containsExactly(before);
      ExecutionRecord after =
          ExecutionRecord.running(
              "run-3",
              "report",
              T0.plusSeconds(3600),
              T0.plusSeconds(3600),
              1,
              Trigger.SCHEDULED,
              "node-a");
      assertThat(store.insertRun(after)).isTrue();
      assertThat(store.findHistory("report", 10)).containsExactly(after, before);
      assertThat(List.of(store.findRun("run-2"))).containsExactly(java.util.Optional.empty());
    }
  }

  @Test
  void the_scheduler_reports_degraded_while_the_database_is_down_and_goes_on_when_it_is_back()
      throws Exception {
    int port = freePort();
    server = start(port);
    SettableClock clock = new SettableClock(T0);
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbUrl(server.getJdbcUrl("postgres", "postgres"))
            .dbUser("postgres")
            .clock(clock)
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.scheduleHourly("report", context -> {}, 0);
      scheduler.start();
      clock.advance(Duration.ofHours(1)); // 09:00 runs
      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);

      server.close();
      server = null;
      clock.advance(Duration.ofHours(1)); // 10:00 cannot be recorded

      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.DEGRADED);
      assertThat(scheduler.healthCheck().details().get("lastError"))
          .asString()
          .contains("postgresql");

      server = start(port);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreException(SchedulerException.class)
          .until(() -> scheduler.getHistory("report", 10).size() == 1);
      // 10:00 is tried again a second later, within the misfire grace: it runs late; 11:00 runs.
      clock.advance(Duration.ofHours(1));

      assertThat(scheduler.healthCheck().status()).isEqualTo(Health.UP);
      assertThat(scheduler.getHistory("report", 10))
          .extracting(ExecutionRecord::scheduledTime, ExecutionRecord::trigger)
          .containsExactly(
              tuple(T0.plusSeconds(3 * 3600), Trigger.SCHEDULED),
              tuple(T0.plusSeconds(2 * 3600), Trigger.SCHEDULED),
              tuple(T0.plusSeconds(3600), Trigger.SCHEDULED));
    }
  }

  /** A started scheduler on the server at {@code port}, real time, "tick" every second. */
  private PipelineScheduler perSecondSchedule(
      int port, Duration misfireGrace, Map<Instant, List<Trigger>> ran, List<Instant> unclaimed) {
    PipelineScheduler scheduler =
        PipelineScheduler.create(
            SchedulerConfig.builder()
                .dbUrl(server.getJdbcUrl("postgres", "postgres"))
                .dbUser("postgres")
                .instanceId("node-a")
                .misfireGrace(misfireGrace)
                .shutdownGrace(Duration.ofSeconds(2))
                .meterRegistry(new SimpleMeterRegistry())
                .build());
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            if (reason == SkipReason.BACKEND_UNAVAILABLE) {
              unclaimed.add(slot);
            }
          }
        });
    scheduler
        .schedule("tick")
        .every(Duration.ofSeconds(1))
        .overlap(OverlapPolicy.ALLOW)
        .misfire(MisfirePolicy.FIRE_ONCE)
        .run(
            ctx ->
                ran.computeIfAbsent(ctx.scheduledTime(), slot -> new CopyOnWriteArrayList<>())
                    .add(ctx.trigger()));
    scheduler.start();
    return scheduler;
  }

  /**
   * Stops the server once a slot has run, until {@code slots} slots could not be recorded and the
   * second of them is older than {@code olderThan}: a slot refused fast (the pool knows the server
   * is gone) is only late, and counts as missed only once it is older than the misfire grace when
   * the claim is tried again.
   */
  private void anOutage(
      int port,
      Map<Instant, List<Trigger>> ran,
      List<Instant> unclaimed,
      int slots,
      Duration olderThan)
      throws IOException {
    await().atMost(Duration.ofSeconds(30)).until(() -> ran.size() >= 2);
    server.close();
    server = null;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> unclaimed.stream().distinct().count() >= slots);
    Instant second = unclaimed.stream().distinct().sorted().skip(1).findFirst().orElseThrow();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Instant.now().isAfter(second.plus(olderThan)));
    server = start(port);
  }

  @Test
  void per_second_slots_due_while_the_database_is_down_run_late_once_each_when_it_is_back()
      throws Exception {
    int port = freePort();
    server = start(port);
    Map<Instant, List<Trigger>> ran = new ConcurrentHashMap<>();
    List<Instant> unclaimed = new CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler =
        perSecondSchedule(port, Duration.ofSeconds(60), ran, unclaimed)) {

      anOutage(port, ran, unclaimed, 4, Duration.ZERO);
      Instant back = Instant.now();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ran.keySet().stream().anyMatch(slot -> slot.isAfter(back.plusSeconds(1))));
      await().atMost(Duration.ofSeconds(60)).until(() -> ran.keySet().containsAll(unclaimed));
      scheduler.stop();

      Instant first = Collections.min(ran.keySet());
      Instant last = Collections.max(ran.keySet());
      List<Instant> everySlot =
          Stream.iterate(first, slot -> !slot.isAfter(last), slot -> slot.plusSeconds(1)).toList();
      assertThat(ran).containsOnlyKeys(everySlot);
      assertThat(ran.values())
          .allSatisfy(runs -> assertThat(runs).containsExactly(Trigger.SCHEDULED));
      assertThat(
              scheduler.getHistory("tick", 1000).stream()
                  .collect(
                      Collectors.groupingBy(ExecutionRecord::scheduledTime, Collectors.counting())))
          .containsOnlyKeys(everySlot)
          .allSatisfy((slot, rows) -> assertThat(rows).isOne());
    }
  }

  @Test
  void with_a_grace_shorter_than_the_outage_the_older_slots_get_exactly_one_catch_up_run()
      throws Exception {
    int port = freePort();
    server = start(port);
    Map<Instant, List<Trigger>> ran = new ConcurrentHashMap<>();
    List<Instant> unclaimed = new CopyOnWriteArrayList<>();
    try (PipelineScheduler scheduler =
        perSecondSchedule(port, Duration.ofSeconds(1), ran, unclaimed)) {

      // With the server back at once, the later slots refused fast could all still be within the
      // grace of 1 s, and the catch-up run would go to the first slot, leaving none older to skip.
      anOutage(port, ran, unclaimed, 4, Duration.ofSeconds(3));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ran.values().stream().anyMatch(runs -> runs.contains(Trigger.CATCH_UP)));
      Instant caughtUp = Instant.now();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> ran.keySet().stream().anyMatch(slot -> slot.isAfter(caughtUp.plusSeconds(1))));
      scheduler.stop();

      Map<Instant, List<Trigger>> catchUps =
          ran.entrySet().stream()
              .filter(e -> e.getValue().contains(Trigger.CATCH_UP))
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      assertThat(catchUps).hasSize(1);
      Instant catchUp = catchUps.keySet().iterator().next();
      assertThat(unclaimed).contains(catchUp);
      assertThat(ran.values()).allSatisfy(runs -> assertThat(runs).hasSize(1));
      assertThat(unclaimed.stream().distinct().filter(slot -> slot.isBefore(catchUp)))
          .anySatisfy(slot -> assertThat(ran).doesNotContainKey(slot));
      assertThat(
              scheduler.getHistory("tick", 1000).stream()
                  .collect(
                      Collectors.groupingBy(ExecutionRecord::scheduledTime, Collectors.counting())))
          .containsOnlyKeys(ran.keySet())
          .allSatisfy((slot, rows) -> assertThat(rows).isOne());
    }
  }
}
