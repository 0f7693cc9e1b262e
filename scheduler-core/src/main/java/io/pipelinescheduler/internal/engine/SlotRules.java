package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.Trigger;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.internal.time.Zoned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a slot comes due, before its claim: the misfire rule for late slots, the
 * overlap policy, dependencies; then the slot goes to the {@link ClaimPath}. Also the slots that
 * waited (queued behind a run, a FIRE_ALL backlog, slots kept through a backend failure). Every
 * method runs with the runtime's monitor held: on the timer thread, or where a run ended.
 */
final class SlotRules implements WaitingRuns {
  private static final Logger log = LoggerFactory.getLogger(SlotRules.class);

  private final SchedulerConfig config;
  private final Clock clock;
  private final ClaimPath claims;
  private final SlotTimetable timetable;
  private final ClaimRetries retries;
  private final Dependencies dependencies;
  private final SchedulerListener listener;
  private final RunLauncher launcher;
  private final BooleanSupplier running;
  private final Ownership ownership;
  private final DeferredSlots deferred;

  SlotRules(
      SchedulerConfig config,
      ClaimPath claims,
      SlotTimetable timetable,
      ClaimRetries retries,
      Dependencies dependencies,
      SchedulerListener listener,
      RunLauncher launcher,
      Ownership ownership,
      DeferredSlots deferred,
      BooleanSupplier running) {
    this.config = config;
    this.clock = config.clock();
    this.claims = claims;
    this.timetable = timetable;
    this.retries = retries;
    this.dependencies = dependencies;
    this.listener = listener;
    this.launcher = launcher;
    this.running = running;
    this.ownership = ownership;
    this.deferred = deferred;
  }

  /**
   * True when the due slot is not this instance's to claim: its job type is not registered here, or
   * another live instance owns the schedule (the slot is then deferred to it, see {@link
   * DeferredSlots}). Either way the schedule moves on to its next slot here, without writing its
   * slots: the owner writes them.
   */
  boolean leftToOthers(ScheduleRuntime runtime, Instant slot) {
    Ownership.Decision decision = ownership.decide(runtime);
    if (decision == Ownership.Decision.CLAIM) {
      return false;
    }
    timetable.passOn(runtime, slot, runtime.definition().timing().nextAfter(slot).orElse(null));
    if (decision == Ownership.Decision.DEFER) {
      deferred.defer(runtime, slot, ownership.ownerOf(runtime));
    }
    return true;
  }

  /**
   * Claims a slot whose owner died before it was seen to have it: within the misfire grace it is
   * only late and is dispatched; older, it follows the misfire policy like any missed slot.
   */
  void takeOver(ScheduleRuntime runtime, Instant slot, Instant now) {
    if (skippedAsExcluded(runtime, slot)) {
      runtime.orphanedThrough(slot);
      return;
    }
    log.warn(
        "schedule '{}': slot {} was left to an instance that stopped before it was seen to run it;"
            + " claimed here",
        runtime.name(),
        slot);
    runtime.orphanedThrough(slot);
    if (!slot.isBefore(now.minus(config.misfireGrace()))) {
      dispatch(runtime, slot, Trigger.SCHEDULED, now);
      return;
    }
    MisfirePolicy policy = runtime.definition().policy().misfire();
    MissedSlots missed =
        MissedSlots.scan(
            runtime.definition().timing(),
            slot,
            slot.plusNanos(1),
            policy == MisfirePolicy.FIRE_ALL ? 1 : 0);
    listener.onMisfire(runtime.name(), 1, policy);
    misfire(runtime, missed, policy, now);
  }

  /** A slot came due at {@code now}: within the misfire grace it runs, else the policy decides. */
  void fireSlot(ScheduleRuntime runtime, Instant slot, Instant now) {
    Timing timing = runtime.definition().timing();
    Instant cutoff = now.minus(config.misfireGrace());
    if (slot.isBefore(cutoff) && timing.excludes(slot)) {
      // Missed, but it would not have run: neither caught up nor counted as missed.
      timetable.moveOn(runtime, slot, MissedSlots.afterExcluded(timing, slot, cutoff));
      return;
    }
    if (!slot.isBefore(cutoff)) {
      timetable.moveOn(runtime, slot, timing.nextAfter(slot).orElse(null));
      dispatch(runtime, slot, Trigger.SCHEDULED, now);
      return;
    }
    MisfirePolicy policy = runtime.definition().policy().misfire();
    int keep = policy == MisfirePolicy.FIRE_ALL ? config.fireAllLimit() : 0;
    MissedSlots missed = MissedSlots.scan(timing, slot, cutoff, keep);
    timetable.moveOn(runtime, missed.last(), missed.next());
    log.warn(
        "schedule '{}': {} slot(s) missed up to {}; misfire policy {}",
        runtime.name(),
        missed.count(),
        missed.last(),
        policy);
    listener.onMisfire(runtime.name(), missed.count(), policy);
    misfire(runtime, missed, policy, now);
  }

  /** Applies the misfire policy to missed slots (already reported). */
  private void misfire(
      ScheduleRuntime runtime, MissedSlots missed, MisfirePolicy policy, Instant now) {
    switch (policy) {
      case SKIP ->
          skipped(runtime, missed.last(), SkipReason.MISFIRE, missed.count() + " slot(s) missed");
      case FIRE_ONCE -> dispatch(runtime, missed.last(), Trigger.CATCH_UP, now);
      case FIRE_ALL -> {
        runtime.addBacklog(missed.kept());
        if (!runtime.busy()) {
          startRun(runtime, runtime.pollBacklog(), Trigger.CATCH_UP, 1, now);
        }
      }
    }
  }

  /**
   * The slot comes due within {@code claimAhead}: claim and record it now, to start at the slot,
   * when nothing can change the decision until then (no run in flight, nothing waiting, no
   * dependencies); otherwise wait for the slot itself.
   */
  void fireSlotAhead(ScheduleRuntime runtime, Instant slot, Instant now) {
    if (runtime.hasWaitingWork() || runtime.definition().timing().excludes(slot)) {
      timetable.atSlot(runtime, slot);
      return;
    }
    timetable.moveOn(runtime, slot, runtime.definition().timing().nextAfter(slot).orElse(null));
    runtime.beginScheduled(slot);
    runtime.begin();
    claims.claim(
        new ClaimRequest(runtime, slot, Trigger.SCHEDULED, 1, now, slot, runtime.generation()));
  }

  /** Runs a due slot unless the overlap policy or a dependency says otherwise. */
  void dispatch(ScheduleRuntime runtime, Instant slot, Trigger trigger, Instant now) {
    if (skippedAsExcluded(runtime, slot)) {
      return;
    }
    if (runtime.busy()) {
      switch (runtime.definition().policy().overlap()) {
        case QUEUE -> {
          Instant collapsed = runtime.queueBehind(slot);
          if (collapsed != null) {
            skipped(runtime, collapsed, SkipReason.OVERLAP, "collapsed into a later queued slot");
          }
          return;
        }
        case SKIP -> {
          skipped(runtime, slot, SkipReason.OVERLAP, "the previous run was still running");
          return;
        }
        case ALLOW -> {
          // runs in parallel
        }
      }
    }
    if (!runtime.definition().dependsOn().isEmpty()) {
      Dependencies.Verdict verdict = dependencies.check(runtime, slot);
      if (verdict.skip() != null) {
        skipped(runtime, slot, SkipReason.DEPENDENCY, verdict.skip());
        return;
      }
      if (verdict.waitFor() != null) {
        waitForDependencies(runtime, slot, trigger, now, verdict.waitFor());
        return;
      }
    }
    runtime.beginScheduled(now);
    startRun(runtime, slot, trigger, 1, now);
  }

  /**
   * The slot waits for its dependencies, at most {@code dependencyWait}: checked again when a run
   * of a dependency succeeds here ({@link DownstreamTriggers}) and every heartbeat interval (for
   * runs on other instances). A slot that still waited is skipped in favour of this one.
   */
  private void waitForDependencies(
      ScheduleRuntime runtime, Instant slot, Trigger trigger, Instant now, String waitFor) {
    Duration bound = config.dependencyWait();
    if (bound.isZero()) {
      skipped(runtime, slot, SkipReason.DEPENDENCY, waitFor);
      return;
    }
    ScheduleRuntime.DependencyWait replaced =
        runtime.waitForDependencies(
            new ScheduleRuntime.DependencyWait(slot, trigger, now.plus(bound)));
    if (replaced != null) {
      skipped(
          runtime,
          replaced.slot(),
          SkipReason.DEPENDENCY,
          "its dependencies had not succeeded when the next slot " + slot + " came");
    }
    log.info("schedule '{}': slot {} waits: {}", runtime.name(), slot, waitFor);
    pollDependencies(runtime, now, now.plus(bound));
  }

  private void pollDependencies(ScheduleRuntime runtime, Instant now, Instant deadline) {
    Instant poll = now.plus(config.heartbeatInterval());
    timetable.dependencyCheckAt(runtime, poll.isBefore(deadline) ? poll : deadline, true);
  }

  /**
   * Checks the slot waiting for its dependencies again: it starts when they succeeded, is skipped
   * when one failed for good or the wait ran out, else waits on ({@code poll}: the next check is
   * put on the timetable).
   */
  void recheckDependencies(ScheduleRuntime runtime, Instant now, boolean poll) {
    ScheduleRuntime.DependencyWait wait = runtime.dependencyWait();
    if (wait == null) {
      return;
    }
    Dependencies.Verdict verdict = dependencies.check(runtime, wait.slot());
    if (verdict.runs()) {
      runtime.waitForDependencies(null);
      runtime.beginScheduled(now);
      startRun(runtime, wait.slot(), wait.trigger(), 1, now);
    } else if (verdict.skip() != null) {
      runtime.waitForDependencies(null);
      skipped(runtime, wait.slot(), SkipReason.DEPENDENCY, verdict.skip());
    } else if (!now.isBefore(wait.deadline())) {
      runtime.waitForDependencies(null);
      skipped(
          runtime,
          wait.slot(),
          SkipReason.DEPENDENCY,
          verdict.waitFor() + " within the dependency wait of " + config.dependencyWait());
    } else if (poll) {
      pollDependencies(runtime, now, wait.deadline());
    }
  }

  /**
   * Sends the slot to be claimed, recorded and run. A manual run is claimed at once and returned
   * (null when it could not be recorded); any other returns null, its claim made on the claim path.
   */
  RunExecution startRun(
      ScheduleRuntime runtime, Instant slot, Trigger trigger, int attempt, Instant now) {
    return startRun(runtime, slot, trigger, attempt, now, run -> {});
  }

  /**
   * As {@link #startRun(ScheduleRuntime, Instant, Trigger, int, Instant)}; a manual run is given to
   * {@code beforeLaunch} once recorded and before a worker may take it.
   */
  RunExecution startRun(
      ScheduleRuntime runtime,
      Instant slot,
      Trigger trigger,
      int attempt,
      Instant now,
      java.util.function.Consumer<RunExecution> beforeLaunch) {
    ClaimRequest request =
        new ClaimRequest(runtime, slot, trigger, attempt, now, null, runtime.generation());
    if (trigger != Trigger.MANUAL) {
      runtime.begin(); // counts as in flight while its claim is on its way
      claims.claim(request);
      return null;
    }
    RunExecution run = claims.claimNow(request);
    if (run != null) {
      beforeLaunch.accept(run);
      runtime.begin();
      launcher.launch(run);
    }
    return run;
  }

  @Override
  public void startWaiting(ScheduleRuntime runtime) {
    if (!running.getAsBoolean() || !runtime.active()) {
      return;
    }
    ScheduleRuntime.WaitingSlot next = runtime.takeWaitingSlot();
    if (next == null) {
      return;
    }
    Instant now = clock.instant();
    if (next.trigger() == Trigger.CATCH_UP) {
      startRun(runtime, next.slot(), Trigger.CATCH_UP, 1, now);
    } else {
      dispatch(runtime, next.slot(), Trigger.SCHEDULED, now);
    }
  }

  /**
   * Tries the slots kept through a backend failure again. A slot within the misfire grace by now is
   * only late: each is dispatched, oldest first, under the overlap policy (QUEUE: the oldest runs
   * and the others collapse into the newest, which runs after it; SKIP: the oldest runs; ALLOW:
   * each runs). Older slots follow the misfire policy, before the late ones.
   */
  void resume(ScheduleRuntime runtime, Instant now) {
    UnclaimedSlots unclaimed = retries.takeKept(runtime);
    if (unclaimed == null) {
      return; // taken by an earlier entry, or dropped when the schedule changed
    }
    MisfirePolicy policy = runtime.definition().policy().misfire();
    unclaimed.missBefore(now.minus(config.misfireGrace()), retries.kept(runtime));
    MissedSlots missed = unclaimed.missed();
    if (missed.count() > 0) {
      Instant coveredSince =
          policy == MisfirePolicy.FIRE_ONCE ? runtime.outage().coveredBy(missed.last()) : null;
      if (coveredSince != null) {
        // A catch-up sent since these slots were missed (its claim was still on its way when
        // they failed) already counts for them: FIRE_ONCE makes one catch-up run per outage.
        log.info(
            "schedule '{}': {} slot(s) up to {} missed while the store or lock backend failed are"
                + " covered by the catch-up run sent at {}",
            runtime.name(),
            missed.count(),
            missed.last(),
            coveredSince);
        listener.onMisfire(runtime.name(), missed.count(), policy);
      } else {
        if (policy == MisfirePolicy.FIRE_ONCE) {
          runtime.outage().catchUpSent(missed.last(), now);
        }
        log.warn(
            "schedule '{}': {} slot(s) up to {} could not be claimed within the misfire grace"
                + " (the store or lock backend failed); misfire policy {}",
            runtime.name(),
            missed.count(),
            missed.last(),
            policy);
        listener.onMisfire(runtime.name(), missed.count(), policy);
        misfire(runtime, missed, policy, now);
      }
    }
    for (Instant slot : unclaimed.late()) {
      dispatch(runtime, slot, Trigger.SCHEDULED, now);
    }
  }

  /** Reports the slot skipped when its date is in the schedule's holiday calendar. */
  private boolean skippedAsExcluded(ScheduleRuntime runtime, Instant slot) {
    Timing timing = runtime.definition().timing();
    if (!timing.excludes(slot)) {
      return false;
    }
    skipped(
        runtime,
        slot,
        SkipReason.HOLIDAY,
        Zoned.at(slot, timing.zone()).toLocalDate()
            + " ("
            + timing.zone().getId()
            + ") is in the schedule's holiday calendar");
    return true;
  }

  private void skipped(ScheduleRuntime runtime, Instant slot, SkipReason reason, String detail) {
    log.info("schedule '{}': slot {} skipped ({}): {}", runtime.name(), slot, reason, detail);
    listener.onSlotSkipped(runtime.name(), slot, reason, detail);
  }
}
