package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.LockBackend;
import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tests of one built-in backend share: a settable wall clock, the backends a test opened
 * (closed by {@link #close()}) and claims of one slot, as in scheduler-test-support's contract.
 */
final class LockTestFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2030-03-01T12:00:00Z");
  static final Instant SLOT = Instant.parse("2030-03-01T11:00:00Z");

  final SettableClock clock = new SettableClock(START);
  private final List<LockBackend> opened = new ArrayList<>();

  /** Closes {@code backend} with the others at the end of the test. */
  <B extends LockBackend> B opened(B backend) {
    opened.add(backend);
    return backend;
  }

  /** A claim of one attempt of a slot, asking for a 10 s tombstone (the minimum applies). */
  static SlotClaim claim(String schedule, Instant slot, int attempt, String owner) {
    return new SlotClaim(schedule, slot, attempt, owner, Duration.ofSeconds(10));
  }

  /** The claim of attempt 1 of {@link #SLOT} of {@code nightly-report} by {@code owner}. */
  static SlotClaim claim(String owner) {
    return claim("nightly-report", SLOT, 1, owner);
  }

  @Override
  public void close() {
    opened.forEach(LockBackend::close);
  }
}
