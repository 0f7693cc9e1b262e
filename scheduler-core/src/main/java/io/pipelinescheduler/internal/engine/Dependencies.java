package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.internal.time.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code dependsOn} gate. A dependency with a slot of its own in the schedule's period (after
 * the schedule's previous slot, at or before this one) must have succeeded in a run of such a slot:
 * until then the slot waits (see {@link SlotRules}), and it is skipped at once when that run failed
 * for good. Any other dependency's latest finished run must have succeeded since the schedule's own
 * previous run started, else the slot is skipped.
 */
final class Dependencies {
  private static final int HISTORY = 20;

  private final ScheduleStore store;
  private final ScheduleRegistry registry;

  Dependencies(ScheduleStore store, ScheduleRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  /**
   * What a slot's dependencies say: run (both null), skip (with the reason) or wait (with what it
   * waits for).
   */
  record Verdict(String skip, String waitFor) {
    static final Verdict RUN = new Verdict(null, null);

    boolean runs() {
      return skip == null && waitFor == null;
    }
  }

  /** The verdict for {@code slot}. Runtime's monitor held. */
  Verdict check(ScheduleRuntime runtime, Instant slot) {
    Instant from = periodStart(runtime, slot);
    for (String dependency : runtime.definition().dependsOn()) {
      Instant upstreamSlot = upstreamSlotIn(dependency, from, slot);
      Verdict verdict =
          upstreamSlot != null
              ? samePeriod(dependency, from, slot, upstreamSlot)
              : latest(runtime, dependency);
      if (!verdict.runs()) {
        return verdict;
      }
    }
    return Verdict.RUN;
  }

  /** The schedule's previous slot, else (none known) one of its periods (at least a day) back. */
  private static Instant periodStart(ScheduleRuntime runtime, Instant slot) {
    Instant previous = runtime.previousSlot();
    if (previous != null && previous.isBefore(slot)) {
      return previous;
    }
    Duration period = runtime.definition().timing().period();
    return slot.minus(period.compareTo(Duration.ofDays(1)) > 0 ? period : Duration.ofDays(1));
  }

  /** The dependency's first slot in (from, to], when it is registered here and has one. */
  private Instant upstreamSlotIn(String dependency, Instant from, Instant to) {
    Timing timing =
        registry.current(dependency).map(upstream -> upstream.definition().timing()).orElse(null);
    if (timing == null) {
      return null;
    }
    Instant next = timing.nextRunAfter(from).orElse(null);
    return next != null && !next.isAfter(to) ? next : null;
  }

  private Verdict samePeriod(String dependency, Instant from, Instant to, Instant upstreamSlot) {
    List<ExecutionRecord> period =
        store.findHistory(dependency, HISTORY).stream()
            .filter(run -> run.scheduledTime() != null)
            .filter(run -> run.scheduledTime().isAfter(from) && !run.scheduledTime().isAfter(to))
            .toList();
    if (period.stream().anyMatch(ExecutionRecord::success)) {
      return Verdict.RUN;
    }
    ExecutionRecord latest = period.isEmpty() ? null : period.get(0);
    if (latest != null && latest.status().isFinal() && !retried(dependency, latest)) {
      return new Verdict(
          "the latest run of dependency '" + dependency + "' ended " + latest.status(), null);
    }
    return new Verdict(
        null,
        "dependency '"
            + dependency
            + "' has not succeeded for its slot "
            + upstreamSlot
            + (latest == null ? " (not started yet)" : " (its run is " + latest.status() + ")"));
  }

  /** Whether the dependency's policy retries the failed run. */
  private boolean retried(String dependency, ExecutionRecord failed) {
    return failed.status() != ExecutionStatus.CANCELLED
        && registry
            .current(dependency)
            .map(upstream -> upstream.definition().policy().retries(failed))
            .orElse(false);
  }

  /** The gate for a dependency without a slot in the period: its latest finished run. */
  private Verdict latest(ScheduleRuntime runtime, String dependency) {
    ExecutionRecord latest =
        store.findHistory(dependency, 10).stream()
            .filter(run -> run.status().isFinal())
            .findFirst()
            .orElse(null);
    if (latest == null) {
      return new Verdict("dependency '" + dependency + "' has not run yet", null);
    }
    if (!latest.success()) {
      return new Verdict(
          "the latest run of dependency '" + dependency + "' ended " + latest.status(), null);
    }
    Instant since = runtime.previousRunStart();
    if (since != null && latest.finishedAt().isBefore(since)) {
      return new Verdict(
          "dependency '"
              + dependency
              + "' has not succeeded since this schedule's previous run at "
              + since,
          null);
    }
    return Verdict.RUN;
  }
}
