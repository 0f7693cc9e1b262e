package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.persistence.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cluster whose work is created on one instance and run by all, in JVMs of their own ({@link
 * ClusterChild}) on a real PostgreSQL (or SQLite file) and Redis: one-shots created on one are
 * split among all, a killed owner's slots are taken over, and an instance without the job type
 * leaves its runs to one that has it. The owner is killed outside the known limit of
 * docs/operations.md (see {@link KillOutsideStartWindow}).
 */
class ClusterWorkIT {
  private static final int ONE_SHOTS = 3_000;
  private static final long SPREAD_SECONDS = 20;

  @TempDir Path dir;

  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    children.forEach(ChildJvm::destroy);
  }

  record Run(String schedule, Instant slot, String instance, int attempt, Instant started) {
    static Run parse(String line) {
      String[] parts = line.split(" ");
      return new Run(
          parts[1],
          Instant.parse(parts[2]),
          parts[3],
          Integer.parseInt(parts[4]),
          Instant.ofEpochMilli(Long.parseLong(parts[5])));
    }
  }

  private Map<String, String> postgresEnvironment() {
    PostgresServer postgres = PostgresServer.shared();
    Map<String, String> env = new HashMap<>();
    env.put(SchedulerChild.DB_URL_VARIABLE, postgres.newSchemaUrl("cluster_it"));
    if (postgres.user() != null) {
      env.put(SchedulerChild.DB_USER_VARIABLE, postgres.user());
    }
    if (postgres.password() != null) {
      env.put(SchedulerChild.DB_PASSWORD_VARIABLE, postgres.password());
    }
    return env;
  }

  private ChildJvm start(
      Map<String, String> env, String id, String backend, String target, String role, int count)
      throws IOException {
    ChildJvm child =
        ChildJvm.startMain(
            dir.resolve("logs"),
            env,
            id,
            ClusterChild.class,
            List.of(
                id, backend, target, role, Integer.toString(count), Long.toString(SPREAD_SECONDS)));
    children.add(child);
    return child;
  }

  private static void awaitLine(ChildJvm child, String line, Duration within) {
    await(child.instanceId + " printing " + line)
        .atMost(within)
        .until(() -> child.find(line::equals).isPresent());
  }

  private static List<Run> runs(ChildJvm child) {
    return child.lines().stream()
        .map(ChildJvm.Line::text)
        .filter(text -> text.startsWith("RUN "))
        .map(Run::parse)
        .toList();
  }

  private static Instant createdAt(ChildJvm creator) {
    await(creator.instanceId + " creating the one-shots")
        .atMost(Duration.ofSeconds(120))
        .until(() -> creator.find(text -> text.startsWith("CREATED ")).isPresent());
    String line = creator.find(text -> text.startsWith("CREATED ")).orElseThrow().text();
    return Instant.ofEpochMilli(Long.parseLong(line.substring("CREATED ".length())));
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis", "database"})
  void one_shots_created_on_one_of_three_run_once_split_and_a_killed_owners_slots_are_taken_over(
      String backend) throws Exception {
    Map<String, String> env = postgresEnvironment();
    String prefix = TestRedis.uniquePrefix("cluster-it");
    env.put(RedisLockBackendProvider.KEY_PREFIX_VARIABLE, prefix);
    String target = backend.equals("redis") ? TestRedis.url() : "-";
    try {
      ChildJvm a = start(env, "a", backend, target, "creator", ONE_SHOTS);
      ChildJvm b = start(env, "b", backend, target, "runner", ONE_SHOTS);
      ChildJvm c = start(env, "c", backend, target, "runner", ONE_SHOTS);
      for (ChildJvm child : children) {
        awaitLine(child, "LIVE 3", Duration.ofSeconds(60));
      }

      a.go();
      Instant firstSlot = createdAt(a).plusSeconds(5);
      Instant killAt = firstSlot.plusSeconds(SPREAD_SECONDS / 3);
      await("a third of the slots' time")
          .atMost(Duration.ofSeconds(120))
          .until(() -> !Instant.now().isBefore(killAt) && !runs(b).isEmpty());
      try (Connection connection =
          PostgresServer.shared().connect(env.get(SchedulerChild.DB_URL_VARIABLE))) {
        new KillOutsideStartWindow(connection).kill(b);
      }
      Instant killed = Instant.now();
      await("every one-shot run")
          .atMost(Duration.ofSeconds(120))
          .until(() -> names(children).size() == ONE_SHOTS);

      List<Run> all = children.stream().flatMap(child -> runs(child).stream()).toList();
      assertThat(
              all.stream()
                  .collect(Collectors.groupingBy(run -> run.schedule() + "#" + run.attempt()))
                  .values()
                  .stream()
                  .filter(same -> same.size() > 1))
          .as("attempts of a slot that ran twice")
          .isEmpty();
      for (ChildJvm child : children) {
        assertThat(runs(child)).as("runs of " + child.instanceId).isNotEmpty();
      }
      Duration bound = ClusterChild.HEARTBEAT_TIMEOUT.plusSeconds(2);
      assertThat(all.stream().filter(run -> !run.slot().isBefore(killed.minusSeconds(1))))
          .as("slots from the kill on start within the heartbeat timeout plus 2 s")
          .allSatisfy(
              run ->
                  assertThat(Duration.between(run.slot(), run.started()))
                      .as(run.toString())
                      .isLessThanOrEqualTo(bound));
    } finally {
      TestRedis.deleteKeys(prefix);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_job_created_on_an_instance_without_its_type_runs_on_another_within_two_seconds(
      String store) throws Exception {
    Map<String, String> env =
        store.equals("sqlite")
            ? new HashMap<>(
                Map.of(ClusterChild.DB_PATH_VARIABLE, dir.resolve("shared.db").toString()))
            : postgresEnvironment();
    String locks = dir.resolve("locks").toString();
    ChildJvm a = start(env, "a", "file", locks, "typeless-creator", 1);
    ChildJvm b = start(env, "b", "file", locks, "runner", 0);
    for (ChildJvm child : children) {
      awaitLine(child, "LIVE 2", Duration.ofSeconds(60));
    }

    // The first one warms the path up (class loading, the first claim); the second is timed.
    a.send("GO");
    await("the first run on b").atMost(Duration.ofSeconds(30)).until(() -> runs(b).size() == 1);
    a.send("GO");
    await("the second CREATED")
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.lines().stream().filter(l -> l.text().startsWith("CREATED ")).count() == 2);
    Instant created =
        Instant.ofEpochMilli(
            Long.parseLong(
                a.lines().stream()
                    .map(ChildJvm.Line::text)
                    .filter(text -> text.startsWith("CREATED "))
                    .reduce((x, y) -> y)
                    .orElseThrow()
                    .substring("CREATED ".length())));
    await("the second run on b").atMost(Duration.ofSeconds(30)).until(() -> runs(b).size() == 2);

    assertThat(runs(a)).isEmpty();
    Run first = runs(b).get(1);
    assertThat(first.schedule()).isEqualTo("w-00001");
    assertThat(Duration.between(created, first.started()))
        .isLessThanOrEqualTo(Duration.ofSeconds(2));
  }

  private static java.util.Set<String> names(List<ChildJvm> children) {
    return children.stream()
        .flatMap(child -> runs(child).stream())
        .map(Run::schedule)
        .collect(Collectors.toSet());
  }
}
