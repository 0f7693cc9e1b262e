package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.testing.SettableClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedulers on the real engine with the {@code database} lock backend: selected by name or by
 * {@code SCHEDULER_LOCK_BACKEND}, refused without a database store, two instances on one PostgreSQL
 * running each slot once through {@code ps_claims}, and claims that fail while the database is
 * down.
 */
class DatabaseLockBackendSchedulerTest {
  private static final Instant T0 = Instant.parse("2026-03-09T08:00:00Z");

  @TempDir Path directory;
  private final SettableClock clock = new SettableClock(T0);
  private final List<PipelineScheduler> schedulers = new CopyOnWriteArrayList<>();
  private EmbeddedPostgres ownServer;

  @AfterEach
  void closeAll() throws IOException {
    schedulers.forEach(PipelineScheduler::close);
    if (ownServer != null) {
      ownServer.close();
    }
  }

  private PipelineScheduler created(SchedulerConfig config) {
    PipelineScheduler scheduler = PipelineScheduler.create(config);
    schedulers.add(scheduler);
    return scheduler;
  }

  private SchedulerConfig.Builder onPostgres(String url, String user, String password) {
    return SchedulerConfig.builder()
        .dbUrl(url)
        .dbUser(user)
        .dbPassword(password)
        .clock(clock)
        .meterRegistry(new SimpleMeterRegistry())
        .shutdownGrace(Duration.ofSeconds(2))
        .distributed(true)
        .lockBackend("database");
  }

  @Test
  void two_schedulers_on_one_postgresql_run_each_slot_once_through_the_claims_table()
      throws SQLException {
    PostgresServer server = PostgresServer.shared();
    String url = server.newSchemaUrl("dbclaims");
    Map<Instant, List<String>> runs = new ConcurrentHashMap<>();
    for (String id : List.of("node-a", "node-b")) {
      PipelineScheduler scheduler =
          created(onPostgres(url, server.user(), server.password()).instanceId(id).build());
      scheduler.scheduleInterval(
          "tick",
          context ->
              runs.computeIfAbsent(context.scheduledTime(), s -> new CopyOnWriteArrayList<>())
                  .add(id),
          Duration.ofMinutes(1));
      scheduler.start();
    }

    for (int minute = 0; minute < 10; minute++) {
      clock.advance(Duration.ofMinutes(1));
    }

    List<Instant> slots =
        IntStream.rangeClosed(1, 10).mapToObj(m -> T0.plus(Duration.ofMinutes(m))).toList();
    assertThat(runs).containsOnlyKeys(slots).allSatisfy((slot, who) -> assertThat(who).hasSize(1));
    List<String> claimKeys = new ArrayList<>();
    try (Connection connection = server.connect(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT claim_key FROM ps_claims")) {
      while (rows.next()) {
        claimKeys.add(rows.getString(1));
      }
    }
    assertThat(claimKeys)
        .containsExactlyInAnyOrderElementsOf(
            slots.stream().map(slot -> "tick|" + slot.toEpochMilli() + "|1").toList());
    long won = schedulers.stream().mapToLong(s -> (Long) lockDetails(s).get("claimsWon")).sum();
    assertThat(won).isEqualTo(slots.size());
    assertThat(schedulers)
        .allSatisfy(
            s -> assertThat(s.healthCheck().details()).containsEntry("lockBackend", "database"));
  }

  @Test
  void scheduler_lock_backend_database_in_the_environment_selects_it_on_the_sqlite_file() {
    Map<String, String> environment =
        Map.of(
            "SCHEDULER_DISTRIBUTED", "true",
            "SCHEDULER_LOCK_BACKEND", "Database",
            "SCHEDULER_DB_PATH", directory.resolve("env.db").toString(),
            "SCHEDULER_INSTANCE_ID", "node-env");

    PipelineScheduler scheduler = created(SchedulerConfig.fromEnvironment(environment));

    assertThat(scheduler.healthCheck().details()).containsEntry("lockBackend", "database");
    assertThat(lockDetails(scheduler))
        .containsEntry("table", "ps_claims")
        .containsEntry("database", "SQLite database " + directory.resolve("env.db"));
  }

  @Test
  void the_database_backend_is_refused_with_the_in_memory_store() {
    SchedulerConfig config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .distributed(true)
            .lockBackend("database")
            .build();

    assertThatThrownBy(() -> created(config))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("lock backend 'database' needs a database store")
        .hasMessageContaining("persistSchedules(true)");
  }

  @Test
  void the_provider_asked_without_a_store_refuses_with_a_clear_message() {
    DatabaseLockBackendProvider provider = new DatabaseLockBackendProvider();

    assertThat(provider.name()).isEqualTo("database");
    assertThatThrownBy(() -> provider.create(SchedulerConfig.builder().build()))
        .isInstanceOf(SchedulerException.class)
        .hasMessageContaining("lock backend 'database' claims through the scheduler's database");
  }

  @Test
  void while_the_database_is_down_claims_fail_naming_the_backend_and_no_run_starts()
      throws Exception {
    int port = freePort();
    ownServer = startOwnServer(port);
    List<Instant> runs = new CopyOnWriteArrayList<>();
    List<String> unavailable = new CopyOnWriteArrayList<>();
    PipelineScheduler scheduler =
        created(
            onPostgres(ownServer.getJdbcUrl("postgres", "postgres"), "postgres", null)
                .instanceId("node-a")
                .build());
    scheduler.addListener(
        new SchedulerListener() {
          @Override
          public void onSlotSkipped(String name, Instant slot, SkipReason reason, String detail) {
            if (reason == SkipReason.BACKEND_UNAVAILABLE) {
              unavailable.add(detail);
            }
          }
        });
    scheduler.scheduleHourly("report", context -> runs.add(context.scheduledTime()), 0);
    scheduler.start();
    clock.advance(Duration.ofHours(1)); // 09:00 runs

    ownServer.close();
    ownServer = null;
    clock.advance(Duration.ofHours(1)); // 10:00 cannot be claimed

    assertThat(runs).containsExactly(T0.plus(Duration.ofHours(1)));
    assertThat(unavailable).isNotEmpty().allMatch(d -> d.contains("lock backend 'database'"));
    assertThat(lockDetails(scheduler).get("lastError"))
        .asString()
        .contains("lock backend 'database' could not claim 'report|")
        .contains("PostgreSQL database jdbc:postgresql://localhost:" + port);
  }

  @Test
  void a_backend_on_a_closed_database_fails_each_claim_with_a_scheduler_exception()
      throws Exception {
    int port = freePort();
    ownServer = startOwnServer(port);
    try (JpaScheduleStore store =
            JpaScheduleStore.open(
                SchedulerConfig.builder()
                    .dbUrl(ownServer.getJdbcUrl("postgres", "postgres"))
                    .dbUser("postgres")
                    .build());
        LockBackend backend = new DatabaseLockBackend(store, clock)) {
      ownServer.close();
      ownServer = null;

      assertThatThrownBy(
              () ->
                  backend.tryClaimAll(
                      List.of(
                          new io.pipelinescheduler.SlotClaim(
                              "report", T0, 1, "node-a", Duration.ofHours(1)),
                          new io.pipelinescheduler.SlotClaim(
                              "report", T0, 2, "node-a", Duration.ofHours(1)))))
          .isInstanceOf(SchedulerException.class)
          .hasMessageContaining("lock backend 'database' could not claim 2 slots")
          .hasMessageContaining("PostgreSQL database jdbc:postgresql://localhost:" + port);
      assertThat(backend.healthDetails())
          .containsEntry("errors", 1L)
          .containsEntry("claimsHeld", 0);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lockDetails(PipelineScheduler scheduler) {
    return (Map<String, Object>) scheduler.healthCheck().details().get("lockBackendDetails");
  }

  private EmbeddedPostgres startOwnServer(int port) {
    return PostgresServer.startEmbedded(
        EmbeddedPostgres.builder()
            .setDataDirectory(directory.resolve("pg"))
            .setCleanDataDirectory(false)
            .setPort(port));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
