package io.pipelinescheduler;

import io.pipelinescheduler.spi.ScheduleChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How instances agree on who runs a slot. Built in: {@code local} (one instance, in memory, used
 * when {@code distributed} is off), {@code file} (core, several processes on one machine) and
 * {@code redis} (scheduler-redis). Backends are found by name through {@link LockBackendProvider}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface LockBackend extends AutoCloseable {
  /** The backend's name, e.g. {@code file}. */
  String name();

  /**
   * Claims a slot. Exactly one caller across all instances wins a given {@link SlotClaim#key()}
   * until its tombstone expires; the others get empty.
   *
   * @throws SchedulerException when the backend cannot be reached; the run then does not start
   */
  Optional<SlotLock> tryClaim(SlotClaim claim);

  /**
   * Claims several slots, as {@link #tryClaim} does for each, and returns one result per claim, in
   * order. When many slots come due at once the scheduler claims them in one call, so a backend
   * behind a network should send them in one round trip. The default calls {@link #tryClaim} for
   * each; when one throws, the claims already won are released and the exception is rethrown.
   *
   * @throws SchedulerException when the backend cannot be reached; none of the runs then starts
   */
  default List<Optional<SlotLock>> tryClaimAll(List<SlotClaim> claims) {
    List<Optional<SlotLock>> results = new ArrayList<>(claims.size());
    try {
      for (SlotClaim claim : claims) {
        results.add(tryClaim(claim));
      }
    } catch (RuntimeException e) {
      results.forEach(won -> won.ifPresent(SlotLock::release));
      throw e;
    }
    return results;
  }

  /**
   * Releases several claims won from this backend, as {@link SlotLock#release()} does for each. The
   * scheduler releases the claims of the runs that ended meanwhile together, so a backend behind a
   * network should send them in one round trip. The default releases each in turn, all of them even
   * when one fails; a claim that could not be released keeps its claim-time tombstone.
   *
   * @throws NullPointerException if {@code locks} is null
   * @throws RuntimeException the first failure of a release, after every other lock was released
   */
  default void releaseAll(List<SlotLock> locks) {
    Objects.requireNonNull(locks, "locks");
    RuntimeException first = null;
    for (SlotLock lock : locks) {
      try {
        lock.release();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * A channel of this backend's own over which instances tell each other of schedule changes (Redis
   * pub/sub), when it has one; empty by default. Called at {@code start()}; each call returns a new
   * feed, closed at {@code stop()}.
   */
  default Optional<ScheduleChanges> changes() {
    return Optional.empty();
  }

  /** State for {@code healthCheck()} details. */
  default Map<String, Object> healthDetails() {
    return Map.of();
  }

  /** Releases files and connections; the default does nothing. */
  @Override
  default void close() {}
}
