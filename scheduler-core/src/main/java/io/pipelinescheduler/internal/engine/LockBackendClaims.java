package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first fence of {@link BatchedClaims}: the lock backend claims the slots (one call for a
 * batch) before the store records their runs. A slot whose record failed after its claim was won is
 * remembered (see {@link UnrecordedClaims}) and recorded without a second claim on its next try.
 */
final class LockBackendClaims implements SlotClaims.Fence {
  private static final Logger log = LoggerFactory.getLogger(LockBackendClaims.class);
  private static final Duration MIN_TOMBSTONE = Duration.ofMinutes(5);

  /**
   * How long before its tombstone ends a claim whose record failed stops counting as this
   * instance's (see {@link UnrecordedClaims}): room for clocks that differ between instances.
   */
  private static final Duration UNRECORDED_MARGIN = Duration.ofMinutes(1);

  private final SchedulerConfig config;
  private final Clock clock;
  private final LockBackend locks;
  private final SchedulerListener listener;
  private final BackendErrors errors;
  private final ClaimRetries retries;
  private final UnrecordedClaims unrecorded = new UnrecordedClaims();

  LockBackendClaims(
      SchedulerConfig config,
      LockBackend locks,
      SchedulerListener listener,
      BackendErrors errors,
      ClaimRetries retries) {
    this.config = config;
    this.clock = config.clock();
    this.locks = locks;
    this.listener = listener;
    this.errors = errors;
    this.retries = retries;
  }

  @Override
  public void claim(List<ClaimRequest> requests, SlotLock[] held, boolean[] going) {
    List<Integer> claiming = new ArrayList<>(requests.size());
    List<SlotClaim> claims = new ArrayList<>(requests.size());
    Instant now = clock.instant();
    for (int i = 0; i < requests.size(); i++) {
      ClaimRequest r = requests.get(i);
      if (r.trigger() != Trigger.MANUAL
          && !r.runtime().orphaned(r.slot())
          && !unrecorded.holds(r.runtime().name(), r.slot(), r.attempt(), now)) {
        claiming.add(i);
        claims.add(
            new SlotClaim(
                r.runtime().name(),
                r.slot(),
                r.attempt(),
                config.instanceId(),
                tombstone(r.runtime().definition())));
      }
    }
    if (claims.isEmpty()) {
      return;
    }
    List<Optional<SlotLock>> claimed;
    try {
      claimed = locks.tryClaimAll(claims);
      SlotClaims.requireOneAnswerEach(
          "lock backend '" + locks.name() + "'", claimed, claims, "claims");
    } catch (RuntimeException e) {
      errors.failed(locks.name(), "claim", e);
      for (int i : claiming) {
        going[i] = false;
        retries.resumeLater(requests.get(i), "lock backend: " + e.getMessage());
      }
      return;
    }
    for (int k = 0; k < claiming.size(); k++) {
      int i = claiming.get(k);
      ClaimRequest r = requests.get(i);
      boolean won = claimed.get(k).isPresent();
      listener.onClaim(r.runtime().name(), r.slot(), won);
      if (won) {
        held[i] = claimed.get(k).get();
      } else {
        going[i] = false;
        log.debug(
            "schedule '{}': slot {} claimed by another instance", r.runtime().name(), r.slot());
        listener.onSlotSkipped(
            r.runtime().name(),
            r.slot(),
            SkipReason.CLAIMED_ELSEWHERE,
            "claimed by another instance");
      }
    }
  }

  @Override
  public void recorded(ClaimRequest request, boolean inserted) {
    unrecorded.forget(request.runtime().name(), request.slot(), request.attempt());
  }

  /**
   * The store failed to record a run whose claim this instance had won (and then released): the
   * next try records it without claiming, see {@link UnrecordedClaims}.
   */
  @Override
  public void notRecorded(ClaimRequest request, SlotLock claimed) {
    if (claimed == null || request.trigger() == Trigger.MANUAL) {
      return;
    }
    ScheduleRuntime runtime = request.runtime();
    Instant now = clock.instant();
    Instant until = now.plus(tombstone(runtime.definition())).minus(UNRECORDED_MARGIN);
    if (!unrecorded.remember(runtime.name(), request.slot(), request.attempt(), until, now)) {
      log.warn(
          "schedule '{}': slot {} cannot be remembered as claimed here ({} claims are); its next"
              + " try must claim it again",
          runtime.name(),
          request.slot(),
          UnrecordedClaims.MAX);
    }
  }

  private static Duration tombstone(ScheduleDefinition definition) {
    Duration period = definition.timing().period();
    return period.compareTo(MIN_TOMBSTONE) > 0 ? period : MIN_TOMBSTONE;
  }
}
