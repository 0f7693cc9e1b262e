package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slots that could not be claimed or recorded because the store or lock backend failed: kept
 * (bounded, see {@link UnclaimedSlots}) in the schedule's {@link ClaimOutage} and tried again
 * together after a backoff of 1 s doubling to 5 s, or at once when any claim succeeds meanwhile
 * (then {@link SlotRules#resume} applies the slot rules to them). A retry attempt is put back on
 * the timetable after the same backoff.
 */
final class ClaimRetries {
  private static final Logger log = LoggerFactory.getLogger(ClaimRetries.class);

  private final SchedulerConfig config;
  private final Clock clock;
  private final SlotTimetable timetable;
  private final SchedulerListener listener;
  private final BooleanSupplier running;

  /** Schedules with slots waiting for the backend to come back: resumed when any claim succeeds. */
  private final Set<ScheduleRuntime> waiting = ConcurrentHashMap.newKeySet();

  ClaimRetries(
      SchedulerConfig config,
      SlotTimetable timetable,
      SchedulerListener listener,
      BooleanSupplier running) {
    this.config = config;
    this.clock = config.clock();
    this.timetable = timetable;
    this.listener = listener;
    this.running = running;
  }

  /** The request's claim or record failed: see {@link #resumeLater(ScheduleRuntime, ...)}. */
  void resumeLater(ClaimRequest request, String cause) {
    ScheduleRuntime runtime = request.runtime();
    synchronized (runtime) {
      resumeLater(runtime, request.slot(), request.trigger(), request.attempt(), cause);
    }
  }

  /**
   * The slot could not be claimed or recorded: it is kept for another try (a retry attempt goes
   * back on the timetable), and reported as skipped for now. Runtime's monitor held.
   */
  void resumeLater(
      ScheduleRuntime runtime, Instant slot, Trigger trigger, int attempt, String cause) {
    if (trigger == Trigger.MANUAL || !running.getAsBoolean()) {
      return;
    }
    ClaimOutage outage = runtime.outage();
    // When it was the catch-up's slot, the next catch-up is for it and the slots it covered.
    Instant covered = outage.claimFailed(slot);
    Instant now = clock.instant();
    Instant at;
    if (trigger == Trigger.RETRY) {
      at = now.plus(outage.nextDelay());
      timetable.retryAt(runtime, at, slot, attempt);
    } else {
      UnclaimedSlots unclaimed = outage.pending();
      if (unclaimed == null) {
        unclaimed = new UnclaimedSlots(now.plus(outage.nextDelay()));
        outage.keep(unclaimed);
        timetable.resumeAt(runtime, unclaimed.resumeAt(), slot, attempt, trigger);
        waiting.add(runtime);
      }
      Instant cutoff = now.minus(config.misfireGrace());
      int keep = kept(runtime);
      unclaimed.add(slot, cutoff, keep);
      if (covered != null) {
        unclaimed.add(covered, cutoff, keep);
      }
      // FIRE_ALL's waiting catch-up slots could not be claimed either: they are kept with the
      // others, so that they are tried again together, oldest first.
      for (Instant waitingSlot : runtime.drainBacklog()) {
        unclaimed.add(waitingSlot, cutoff, keep);
      }
      at = unclaimed.resumeAt();
    }
    String detail = cause + "; the claim is tried again at " + at;
    log.info(
        "schedule '{}': slot {} skipped ({}): {}",
        runtime.name(),
        slot,
        SkipReason.BACKEND_UNAVAILABLE,
        detail);
    listener.onSlotSkipped(runtime.name(), slot, SkipReason.BACKEND_UNAVAILABLE, detail);
  }

  /** A claim succeeded: every schedule waiting for the backend tries its kept slots now. */
  void claimSucceeded() {
    if (waiting.isEmpty()) {
      return;
    }
    List<ScheduleRuntime> resumed = waiting.stream().filter(waiting::remove).toList();
    timetable.resumeNow(resumed, clock.instant());
  }

  /** Takes the runtime's kept slots for another try (runtime's monitor held); null when none. */
  UnclaimedSlots takeKept(ScheduleRuntime runtime) {
    UnclaimedSlots unclaimed = runtime.outage().takePending();
    if (unclaimed != null) {
      waiting.remove(runtime);
    }
    return unclaimed;
  }

  /** How many missed slots a schedule keeps one by one: FIRE_ALL's limit, else none. */
  int kept(ScheduleRuntime runtime) {
    return runtime.definition().policy().misfire() == MisfirePolicy.FIRE_ALL
        ? config.fireAllLimit()
        : 0;
  }
}
