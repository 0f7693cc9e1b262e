package io.pipelinescheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A listener that holds the claim of a slot between its QUEUED record's insert and the run's
 * hand-over (the claim's {@code onClaim} call) until {@link #release()}: the moment in which a test
 * acts on a run that is listed but not yet held by a worker. Holds each claim at most 10 s.
 */
public final class HeldClaim implements SchedulerListener {
  private final CountDownLatch recorded = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  @Override
  public void onClaim(String scheduleName, Instant slot, boolean won) {
    recorded.countDown();
    try {
      released.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True once a claim's record was written and the claim is held, within {@code timeout}. */
  public boolean awaitRecorded(Duration timeout) throws InterruptedException {
    return recorded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the claims held go on. */
  public void release() {
    released.countDown();
  }
}
