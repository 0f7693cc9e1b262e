package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.redis.DistributedRunsIT.Run;
import io.pipelinescheduler.redis.StoredRuns.StoredRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kills a child of the shared-store scenario mid slow job, never inside the known limit of
 * docs/operations.md: a run started while its claim is fresh has its start (QUEUED to RUNNING)
 * written just behind its job, and a process killed in between leaves it QUEUED, to run again
 * elsewhere. So the child is frozen (SIGSTOP) and killed only when the store shows every run it
 * printed as started and its slow run as RUNNING; otherwise it goes on until those starts are
 * written and is frozen again.
 */
final class KillOutsideStartWindow {
  private static final int CHOICES = 3;
  private static final int FREEZES = 5;

  private final Connection connection;

  KillOutsideStartWindow(Connection connection) {
    this.connection = connection;
  }

  /**
   * Kills whichever candidate next starts a slow job after {@code after}, mid-job, and returns it;
   * if its slow job ends before a clean moment is found, the next one is chosen.
   */
  ChildJvm killMidSlowJob(Instant after, List<ChildJvm> candidates) throws Exception {
    Instant from = after;
    for (int choice = 0; choice < CHOICES; choice++) {
      ChildJvm victim = DistributedRunsIT.awaitSlowJobAfter(from, candidates);
      Run slow =
          printedRuns(victim).stream()
              .filter(r -> r.schedule().equals(SchedulerChild.SLOW))
              .max(Comparator.comparing(Run::slot))
              .orElseThrow();
      for (int freeze = 0; freeze < FREEZES; freeze++) {
        victim.freeze();
        Map<String, String> statuses = statuses();
        List<String> unstarted = unstarted(victim, statuses);
        if (unstarted.isEmpty() && "RUNNING".equals(statuses.get(slow.slotAttempt()))) {
          victim.kill();
          return victim;
        }
        victim.resume();
        if (unstarted.isEmpty()) {
          break; // its slow job has ended: choose again
        }
        await("starts of " + unstarted + " written by " + victim.instanceId)
            .atMost(Duration.ofSeconds(5))
            .until(() -> unstarted(victim, statuses()).stream().noneMatch(unstarted::contains));
      }
      from = Instant.now();
    }
    return fail(
        "found no moment to kill a child mid slow job with every printed run's start written");
  }

  /** The (schedule, slot, attempt) of each run the child printed whose start is not stored. */
  private static List<String> unstarted(ChildJvm child, Map<String, String> statuses) {
    return printedRuns(child).stream()
        .map(Run::slotAttempt)
        .filter(k -> !statuses.containsKey(k) || statuses.get(k).equals("QUEUED"))
        .toList();
  }

  private static List<Run> printedRuns(ChildJvm child) {
    return child.lines().stream()
        .map(ChildJvm.Line::text)
        .filter(l -> l.startsWith("RUN "))
        .map(Run::parse)
        .toList();
  }

  /** The status of each stored (schedule, slot, attempt). */
  private Map<String, String> statuses() throws SQLException {
    return StoredRuns.all(connection).stream()
        .collect(Collectors.toMap(StoredRun::slotAttempt, StoredRun::status, (x, y) -> x));
  }
}
