package io.pipelinescheduler.redis;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.pipelinescheduler.redis.DistributedRunsIT.Run;
import io.pipelinescheduler.redis.StoredRuns.StoredRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Kills a child of a shared-store scenario never inside the known limit of docs/operations.md: a
 * run started while its claim is fresh has its start (QUEUED to RUNNING) written just behind its
 * job, and a process killed in between leaves it QUEUED, to run again elsewhere. So the child is
 * frozen (SIGSTOP) and killed only when the store shows every run it printed ({@code RUN <schedule>
 * <slot> <instance> <attempt> …}) as started; otherwise it goes on until those starts are written
 * and is frozen again.
 */
final class KillOutsideStartWindow {
  private static final int CHOICES = 3;

  /**
   * Freezes of one child before giving up: a child that starts runs all the time (a few tens a
   * second) is caught inside the window of one of them at a freeze now and then, never at many.
   */
  private static final int FREEZES = 20;

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
      String slow =
          slotAttempt(
              printedRuns(victim).stream()
                  .filter(r -> r.schedule().equals(SchedulerChild.SLOW))
                  .max(Comparator.comparing(Run::slot))
                  .orElseThrow());
      if (killWhenStartsWritten(victim, statuses -> "RUNNING".equals(statuses.get(slow)))) {
        return victim;
      }
      from = Instant.now();
    }
    return fail(
        "found no moment to kill a child mid slow job with every printed run's start written");
  }

  /** Kills the child at the first moment every run it printed has its start written. */
  void kill(ChildJvm victim) throws Exception {
    if (!killWhenStartsWritten(victim, statuses -> true)) {
      fail("found no moment to kill " + victim.instanceId + " with every run's start written");
    }
  }

  /**
   * Kills the child frozen at a moment when every run it printed has its start written and {@code
   * ready} holds for the stored statuses (by {@link #slotAttempt}); false, with the child going on,
   * when every start was written and {@code ready} did not hold (it is not waiting for a start), or
   * when no such moment came in {@link #FREEZES} freezes.
   */
  private boolean killWhenStartsWritten(ChildJvm victim, Predicate<Map<String, String>> ready)
      throws Exception {
    for (int freeze = 0; freeze < FREEZES; freeze++) {
      victim.freeze();
      Map<String, String> statuses = statuses();
      List<String> unstarted = unstarted(victim, statuses);
      if (unstarted.isEmpty() && ready.test(statuses)) {
        victim.kill();
        return true;
      }
      victim.resume();
      if (unstarted.isEmpty()) {
        return false; // every start written, and still not ready: it will not be
      }
      await("starts of " + unstarted + " written by " + victim.instanceId)
          .atMost(Duration.ofSeconds(5))
          .until(() -> unstarted(victim, statuses()).stream().noneMatch(unstarted::contains));
    }
    return false;
  }

  /** The (schedule, slot, attempt) of each run the child printed whose start is not stored. */
  private static List<String> unstarted(ChildJvm child, Map<String, String> statuses) {
    return printedRuns(child).stream()
        .map(KillOutsideStartWindow::slotAttempt)
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

  /** A printed run's schedule, slot and attempt, its slot cut to the microseconds stored. */
  private static String slotAttempt(Run run) {
    return new StoredRun(
            null,
            run.schedule(),
            run.slot().truncatedTo(ChronoUnit.MICROS),
            run.attempt(),
            null,
            null,
            null)
        .slotAttempt();
  }

  /** The status of each stored (schedule, slot, attempt). */
  private Map<String, String> statuses() throws SQLException {
    return StoredRuns.all(connection).stream()
        .collect(Collectors.toMap(StoredRun::slotAttempt, StoredRun::status, (x, y) -> x));
  }
}
