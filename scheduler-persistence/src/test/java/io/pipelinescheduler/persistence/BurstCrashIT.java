package io.pipelinescheduler.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash in a burst (issue 14, item 3): a child JVM with few workers is killed with SIGKILL while
 * a burst of one-shot jobs is being worked off; a new scheduler on the same SQLite file must run
 * every slot that had not started, exactly once, and only runs that had started may end ABANDONED.
 */
class BurstCrashIT {
  private static final int JOBS = 400;
  private static final int CHILD_WORKERS = 4;
  private static final int STARTED_BEFORE_KILL = 40;
  private static final Duration WAIT = Duration.ofMinutes(3);
  static final String NODE = "burst-node";

  @TempDir Path directory;

  /** Heartbeats every 200 ms, a run is stale after 2 s, no retries (the default). */
  static SchedulerConfig config(Path file, String instanceId, int workers) {
    return SchedulerConfig.builder()
        .dbPath(file)
        .instanceId(instanceId)
        .maxConcurrentRuns(workers)
        .heartbeatInterval(Duration.ofMillis(200))
        .heartbeatTimeout(Duration.ofSeconds(2))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  @Test
  void after_a_kill_in_a_burst_every_slot_that_had_not_started_runs_exactly_once_elsewhere()
      throws Exception {
    Path file = directory.resolve("burst.db");
    Instant due = Instant.now().plusSeconds(8);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                BurstChildMain.class.getName(),
                file.toString(),
                String.valueOf(JOBS),
                due.toString(),
                String.valueOf(CHILD_WORKERS))
            .redirectErrorStream(true)
            .start();
    Set<String> startedInChild = ConcurrentHashMap.newKeySet();
    StringBuilder childLog = new StringBuilder();
    Thread reader = new Thread(() -> readLines(child, startedInChild, childLog));
    reader.setDaemon(true);
    reader.start();
    try {
      await()
          .atMost(WAIT)
          .until(() -> startedInChild.size() >= STARTED_BEFORE_KILL || !child.isAlive());
      assertThat(child.isAlive()).as("child output: %s", childLog).isTrue();
    } finally {
      child.destroyForcibly(); // SIGKILL
      child.waitFor(30, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(30)); // every line the child wrote before it died
    }
    int startedAtKill = startedInChild.size();

    Map<String, AtomicInteger> ranHere = new ConcurrentHashMap<>();
    Instant restart = Instant.now();
    // Restarted with the same instance id, as a service restarted in place would be: the id alone
    // must not make the killed process's runs look alive.
    try (PipelineScheduler restarted = PipelineScheduler.create(config(file, NODE, 8))) {
      for (int i = 0; i < JOBS; i++) {
        String name = "burst-" + i;
        restarted
            .schedule(name)
            .once(due)
            .run(
                context ->
                    ranHere.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet());
      }
      restarted.start();

      await().atMost(WAIT).until(() -> unfinished(restarted) == 0);

      List<ExecutionRecord> runs = allRuns(restarted);
      Map<ExecutionStatus, Long> byStatus =
          runs.stream()
              .collect(Collectors.groupingBy(ExecutionRecord::status, Collectors.counting()));
      assertThat(runs).as("one run per schedule, none missing: %s", byStatus).hasSize(JOBS);
      assertThat(runs)
          .extracting(ExecutionRecord::status)
          .allMatch(s -> s == ExecutionStatus.SUCCEEDED || s == ExecutionStatus.ABANDONED);
      assertThat(byStatus.getOrDefault(ExecutionStatus.ABANDONED, 0L))
          .as("only runs that had started in the child (%d) may be abandoned", startedAtKill)
          .isLessThanOrEqualTo(startedAtKill);
      assertThat(ranHere.values()).allMatch(count -> count.get() == 1);
      Set<String> succeededHere =
          runs.stream()
              .filter(r -> r.status() == ExecutionStatus.SUCCEEDED)
              .filter(r -> !r.startedAt().isBefore(restart))
              .map(ExecutionRecord::scheduleName)
              .collect(Collectors.toSet());
      assertThat(ranHere.keySet()).isEqualTo(succeededHere);
      assertThat(succeededHere.size())
          .as("the child was killed after %d of %d had started", startedAtKill, JOBS)
          .isGreaterThanOrEqualTo(JOBS - startedAtKill - CHILD_WORKERS);
    }
  }

  private static long unfinished(PipelineScheduler scheduler) {
    List<ExecutionRecord> runs = allRuns(scheduler);
    return JOBS - runs.stream().filter(r -> r.status().isFinal()).count();
  }

  private static List<ExecutionRecord> allRuns(PipelineScheduler scheduler) {
    return java.util.stream.IntStream.range(0, JOBS)
        .boxed()
        .flatMap(i -> scheduler.getHistory("burst-" + i, 10).stream())
        .toList();
  }

  private static void readLines(Process child, Set<String> started, StringBuilder log) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("started ")) {
          started.add(line.substring("started ".length()));
        } else {
          synchronized (log) {
            if (log.length() < 20_000) {
              log.append(line).append('\n');
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      // the child was killed
    }
  }
}
