package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.persistence.PostgresServer;
import io.pipelinescheduler.redis.StoredRuns.StoredRun;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three scheduler JVMs with the same schedules share (a) a lock directory, (b) a Redis, (c) a
 * PostgreSQL store and a Redis, (d) a PostgreSQL store that also holds the claims (the {@code
 * database} backend), for about 24 seconds each. One of them reads a clock 2 s behind the others.
 * Midway, the JVM that has just started a slow job is killed with SIGKILL. Afterwards every slot
 * must have been run exactly once, counted by (schedule, slot, attempt).
 *
 * <p>With locks only, a slot the killed JVM had claimed but not yet started is never run (at most
 * once per slot), so the few slots around the kill are excused from the "none missed" check; they
 * still may not run twice. With the shared store (c, d), each schedule has one owner: the slots of
 * the killed JVM's schedules are taken over after the heartbeat timeout and, due at once, collapse
 * under the overlap policy, so they are excused for that long. The killed JVM's running run is in
 * the database: a survivor marks it ABANDONED once its heartbeat is older than the timeout and runs
 * attempt 2 of that slot, and the database shows every slot attempt recorded once and nothing left
 * running.
 *
 * <p>In (c) and (d) the kill avoids a documented window (docs/operations.md, "Known limits"): a run
 * whose claim is fresh has its start written just behind its job, and a process killed in those few
 * milliseconds leaves it QUEUED, to run again elsewhere: a duplicate by this test's count that the
 * scheduler does not promise to prevent. So the victim is frozen first and killed only once the
 * database shows every run it printed as started ({@link KillOutsideStartWindow}). With locks only
 * there is no such window, and it is killed at once.
 */
class DistributedRunsIT {
  private static final long RUN_SECONDS = 24;
  private static final Duration EDGE = Duration.ofSeconds(1);

  @TempDir Path dir;
  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    children.forEach(ChildJvm::destroy);
  }

  @Test
  void three_jvms_sharing_a_lock_directory_run_every_slot_exactly_once() throws Exception {
    Outcome outcome =
        runScenario(
            "file", dir.resolve("locks").toString(), Map.of(), DistributedRunsIT::killAtOnce);

    assertThat(outcome.runs()).as("attempts with locks only").allMatch(r -> r.attempt() == 1);
  }

  @Test
  void three_jvms_sharing_a_redis_run_every_slot_exactly_once() throws Exception {
    String prefix = TestRedis.uniquePrefix("distributed-it");
    Outcome outcome;
    try {
      outcome =
          runScenario(
              "redis",
              TestRedis.url(),
              Map.of(RedisLockBackendProvider.KEY_PREFIX_VARIABLE, prefix),
              DistributedRunsIT::killAtOnce);
    } finally {
      TestRedis.deleteKeys(prefix);
    }

    assertThat(outcome.runs()).as("attempts with locks only").allMatch(r -> r.attempt() == 1);
  }

  @Test
  void three_jvms_sharing_postgresql_and_redis_run_every_slot_once_and_retry_the_killed_run()
      throws Exception {
    // Arrange: keys of its own in the shared Redis.
    String prefix = TestRedis.uniquePrefix("distributed-pg-it");
    try {
      onSharedPostgres(
          "redis",
          TestRedis.url(),
          Map.of(RedisLockBackendProvider.KEY_PREFIX_VARIABLE, prefix),
          PostgresServer.shared().newSchemaUrl("distributed_it"));
    } finally {
      TestRedis.deleteKeys(prefix);
    }
  }

  @Test
  void three_jvms_claiming_through_postgresql_alone_run_every_slot_once_and_retry_the_killed_run()
      throws Exception {
    PostgresServer postgres = PostgresServer.shared();
    String dbUrl = postgres.newSchemaUrl("distributed_db_it");

    // No Redis: the children are given a Redis URL that nothing reads.
    Outcome outcome = onSharedPostgres("database", "redis://not-used:6379", Map.of(), dbUrl);

    Set<String> claimKeys = new HashSet<>();
    try (Connection connection = postgres.connect(dbUrl);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT claim_key FROM ps_claims")) {
      while (rows.next()) {
        claimKeys.add(rows.getString(1));
      }
    }
    // Slots the survivors took over from the victim are claimed through the store's fence alone
    // (the victim may hold unfinished claims on them); the victim's runs and every run after the
    // takeover have their claim.
    Instant takeoverEnd = outcome.killedAt().plus(SchedulerChild.HEARTBEAT_TIMEOUT).plusSeconds(2);
    List<Run> claimedInTable =
        outcome.runs().stream()
            .filter(
                r ->
                    r.instance().equals(outcome.victim().instanceId)
                        || r.slot().isAfter(takeoverEnd))
            .toList();
    assertThat(claimedInTable).isNotEmpty();
    assertThat(claimKeys)
        .as("claims in ps_claims")
        .containsAll(
            claimedInTable.stream()
                .map(r -> r.schedule() + "|" + r.slot().toEpochMilli() + "|" + r.attempt())
                .toList());
  }

  /**
   * Three JVMs on a schema of their own (at dbUrl) on the shared PostgreSQL with this lock backend,
   * one killed mid-way through a slow job: every slot attempt runs once, the killed run is
   * abandoned and retried by a survivor, and the runs table agrees with what the children printed.
   */
  private Outcome onSharedPostgres(
      String backend, String target, Map<String, String> backendEnv, String dbUrl)
      throws Exception {
    // Arrange: a schema of its own on the shared PostgreSQL (dbUrl).
    PostgresServer postgres = PostgresServer.shared();
    Map<String, String> env = new HashMap<>(backendEnv);
    env.put(SchedulerChild.DB_URL_VARIABLE, dbUrl);
    if (postgres.user() != null) {
      env.put(SchedulerChild.DB_USER_VARIABLE, postgres.user());
    }
    if (postgres.password() != null) {
      env.put(SchedulerChild.DB_PASSWORD_VARIABLE, postgres.password());
    }

    // Act (the checks of (a) and (b) included)
    Outcome outcome;
    try (Connection connection = postgres.connect(dbUrl)) {
      outcome =
          runScenario(
              backend,
              TestRedis.url(),
              env,
              new KillOutsideStartWindow(connection)::killMidSlowJob);
    }
    List<StoredRun> rows;
    List<String> fenceDuplicates;
    try (Connection connection = postgres.connect(dbUrl)) {
      rows = StoredRuns.all(connection);
      fenceDuplicates = StoredRuns.fenceDuplicates(connection);
    }

    // Assert: the victim's slow run was abandoned in the database and run again by a survivor.
    String victim = outcome.victim().instanceId;
    List<String> survivors = outcome.survivors().stream().map(c -> c.instanceId).toList();
    Run killed =
        outcome.runs().stream()
            .filter(r -> r.schedule().equals(SchedulerChild.SLOW) && r.instance().equals(victim))
            .max(Comparator.comparing(Run::slot))
            .orElseThrow();
    List<StoredRun> killedSlot =
        rows.stream()
            .filter(r -> r.schedule().equals(killed.schedule()) && r.slot().equals(killed.slot()))
            .toList();
    assertThat(killedSlot)
        .as("rows of the killed run's slot")
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .extracting(
                        StoredRun::attempt, StoredRun::trigger, StoredRun::status, StoredRun::node)
                    .containsExactly(1, "SCHEDULED", "ABANDONED", victim),
            retry -> {
              assertThat(retry)
                  .extracting(StoredRun::attempt, StoredRun::trigger, StoredRun::status)
                  .containsExactly(2, "RETRY", "SUCCEEDED");
              assertThat(retry.node()).isIn(survivors);
            });
    assertThat(outcome.runs())
        .as("runs other than first attempts")
        .filteredOn(r -> r.attempt() != 1)
        .containsExactly(
            new Run(killed.schedule(), killed.slot(), killedSlot.get(1).node(), 2, "RETRY"));

    // Assert: the database as the final fence, and in step with what the children printed.
    assertThat(fenceDuplicates).as("slot attempts recorded more than once").isEmpty();
    assertThat(rows)
        .as("runs still QUEUED or RUNNING after every instance stopped or died")
        .filteredOn(r -> r.status().equals("RUNNING") || r.status().equals("QUEUED"))
        .isEmpty();
    assertThat(rows)
        .as("ABANDONED runs")
        .filteredOn(r -> r.status().equals("ABANDONED"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.node()).isEqualTo(victim));
    Set<String> recorded = rows.stream().map(StoredRun::key).collect(Collectors.toSet());
    Set<String> printed = outcome.runs().stream().map(Run::key).collect(Collectors.toSet());
    assertThat(printed).as("runs printed but not recorded").isSubsetOf(recorded);
    assertThat(rows)
        .as("succeeded runs recorded but not printed")
        .filteredOn(r -> r.status().equals("SUCCEEDED"))
        .extracting(StoredRun::key)
        .isSubsetOf(printed);
    return outcome;
  }

  /** A run as printed by a child: {@code RUN <schedule> <slot> <instance> <attempt> <trigger>}. */
  record Run(String schedule, Instant slot, String instance, int attempt, String trigger) {
    static Run parse(String line) {
      String[] parts = line.split(" ");
      return new Run(
          parts[1], Instant.parse(parts[2]), parts[3], Integer.parseInt(parts[4]), parts[5]);
    }

    /** What makes a run unique: its schedule, slot and attempt. */
    String slotAttempt() {
      return schedule + " " + slot + " attempt " + attempt;
    }

    /** The same run as {@link StoredRun#key()} shows it. */
    String key() {
      return schedule + " " + slot + " " + attempt + " " + instance;
    }
  }

  /** How a scenario kills its victim. */
  @FunctionalInterface
  interface Killing {
    /** Kills whichever candidate next starts a slow job after the instant, mid-job; returns it. */
    ChildJvm killMidSlowJob(Instant after, List<ChildJvm> candidates) throws Exception;
  }

  /** What a scenario left for further checks. */
  record Outcome(ChildJvm victim, List<ChildJvm> survivors, List<Run> runs, Instant killedAt) {}

  private Outcome runScenario(
      String backend, String target, Map<String, String> env, Killing killing) throws Exception {
    // Arrange: three instances, the third with its clock 2 s behind.
    Path logs = dir.resolve("logs");
    ChildJvm a = start(logs, env, backend, target, "node-a", 0);
    ChildJvm b = start(logs, env, backend, target, "node-b", 0);
    ChildJvm behind = start(logs, env, backend, target, "node-c-behind", -2);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> children.stream().allMatch(c -> c.find(l -> l.startsWith("READY")).isPresent()));
    for (ChildJvm child : children) {
      child.go();
    }
    Instant allReady = Instant.now();

    // Act: some seconds in, kill whichever next starts a slow job, mid-job. With a shared store
    // the slow schedule has one owner among the three, which may be the one whose clock is behind.
    Instant killAfter = allReady.plusSeconds(8);
    ChildJvm victim = killing.killMidSlowJob(killAfter, List.of(a, b, behind));
    Instant killedAt = Instant.now();
    List<ChildJvm> survivors = children.stream().filter(c -> c != victim).toList();
    for (ChildJvm survivor : survivors) {
      assertThat(survivor.awaitExit(Duration.ofSeconds(RUN_SECONDS + 60)))
          .as("exit code of %s; its standard error:%n%s", survivor.instanceId, survivor.errorTail())
          .isZero();
    }

    // Assert
    List<Run> runs =
        children.stream()
            .flatMap(c -> c.lines().stream())
            .map(ChildJvm.Line::text)
            .filter(l -> l.startsWith("RUN "))
            .map(Run::parse)
            .toList();
    Instant from = allReady.plus(EDGE);
    Instant to =
        survivors.stream()
            .map(c -> c.find(l -> l.startsWith("STOPPING")).orElseThrow().received())
            .min(Instant::compareTo)
            .orElseThrow()
            .minus(EDGE);
    assertThat(Duration.between(from, to)).isGreaterThanOrEqualTo(Duration.ofSeconds(18));
    assertThat(duplicates(runs)).as("slot attempts run more than once").isEmpty();
    Map<String, Duration> steps =
        Map.of(
            SchedulerChild.FAST, Duration.ofMillis(200),
            SchedulerChild.CRON, Duration.ofSeconds(1),
            SchedulerChild.SLOW, Duration.ofSeconds(2));
    for (String schedule : List.of(SchedulerChild.FAST, SchedulerChild.CRON, SchedulerChild.SLOW)) {
      Duration step = steps.get(schedule);
      // Instances agree on a slot only if they compute the same instant for it.
      assertThat(runs)
          .filteredOn(r -> r.schedule().equals(schedule))
          .as("%s slots off the %s grid", schedule, step)
          .allSatisfy(r -> assertThat(r.slot().toEpochMilli() % step.toMillis()).isZero())
          .allSatisfy(r -> assertThat(r.slot().getNano() % 1_000_000).isZero());
      TreeSet<Instant> missing = expectedSlots(from, to, step);
      missing.removeIf(s -> !s.isBefore(killedAt.minus(EDGE)) && !s.isAfter(killedAt.plus(EDGE)));
      // With a shared store a schedule has one owner: the killed owner's slots are taken over
      // after the heartbeat timeout, late, so several come due at once and collapse under the
      // overlap policy (QUEUE: the oldest runs, the newest waits), each skip reported.
      skippedByOverlap(schedule).forEach(missing::remove);
      runs.stream()
          .filter(r -> r.schedule().equals(schedule))
          .map(Run::slot)
          .forEach(missing::remove);
      assertThat(missing).as("%s slots in [%s, %s] never run", schedule, from, to).isEmpty();
    }
    assertThat(victim.isAlive()).isFalse();
    assertThat(runs)
        .as("runs by the survivors after the kill")
        .anyMatch(
            r ->
                r.schedule().equals(SchedulerChild.FAST)
                    && r.slot().isAfter(killedAt.plusSeconds(5))
                    && !r.instance().equals(victim.instanceId));
    for (ChildJvm survivor : survivors) {
      assertThat(survivor.find(l -> l.startsWith("DONE"))).isPresent();
    }
    return new Outcome(victim, survivors, runs, killedAt);
  }

  private ChildJvm start(
      Path logs, Map<String, String> env, String backend, String target, String id, long offset)
      throws Exception {
    ChildJvm child = ChildJvm.start(logs, env, backend, target, id, RUN_SECONDS, offset);
    children.add(child);
    return child;
  }

  private static ChildJvm killAtOnce(Instant after, List<ChildJvm> candidates) throws Exception {
    ChildJvm victim = awaitSlowJobAfter(after, candidates);
    victim.kill();
    return victim;
  }

  /** The slots of the schedule that an instance reported skipped by the overlap policy. */
  private List<Instant> skippedByOverlap(String schedule) {
    return children.stream()
        .flatMap(c -> c.lines().stream())
        .map(ChildJvm.Line::text)
        .filter(l -> l.startsWith("SKIP " + schedule + " "))
        .map(l -> Instant.parse(l.split(" ")[2]))
        .toList();
  }

  /** The first of these children to print a run of the slow schedule after the instant. */
  static ChildJvm awaitSlowJobAfter(Instant after, List<ChildJvm> candidates) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> startedSlowJobAfter(after, candidates), v -> v != null);
  }

  private static ChildJvm startedSlowJobAfter(Instant after, List<ChildJvm> candidates) {
    for (ChildJvm child : candidates) {
      boolean started =
          child.lines().stream()
              .anyMatch(
                  l ->
                      l.received().isAfter(after)
                          && l.text().startsWith("RUN " + SchedulerChild.SLOW + " "));
      if (started) {
        return child;
      }
    }
    return null;
  }

  private static Map<String, List<String>> duplicates(List<Run> runs) {
    return runs.stream()
        .collect(
            Collectors.groupingBy(
                Run::slotAttempt,
                TreeMap::new,
                Collectors.mapping(Run::instance, Collectors.toList())))
        .entrySet()
        .stream()
        .filter(e -> e.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** Every multiple of {@code step} since the epoch in {@code [from, to]}. */
  private static TreeSet<Instant> expectedSlots(Instant from, Instant to, Duration step) {
    long stepMillis = step.toMillis();
    long first = Math.floorDiv(from.toEpochMilli() + stepMillis - 1, stepMillis) * stepMillis;
    TreeSet<Instant> slots = new TreeSet<>();
    for (long t = first; t <= to.toEpochMilli(); t += stepMillis) {
      slots.add(Instant.ofEpochMilli(t).truncatedTo(ChronoUnit.MILLIS));
    }
    return slots;
  }
}
