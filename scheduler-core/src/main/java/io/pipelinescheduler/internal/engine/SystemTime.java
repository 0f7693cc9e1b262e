package io.pipelinescheduler.internal.engine;

import java.time.Duration;
import java.time.Instant;

/** The engine's time when time moves by itself: sleep until the next entry, count nothing. */
enum SystemTime implements EngineTime {
  INSTANCE;

  /** A head however far ahead is looked at again this often (the clock may have been reset). */
  private static final Duration LONGEST_SLEEP = Duration.ofMinutes(1);

  @Override
  public Duration timerSleep(Instant now, Instant due) {
    if (due == null) {
      return LONGEST_SLEEP;
    }
    // Compared before converting: a head centuries ahead has more nanoseconds than a long.
    Duration untilDue = Duration.between(now, due);
    return untilDue.compareTo(LONGEST_SLEEP) < 0 ? untilDue : LONGEST_SLEEP;
  }

  /**
   * Long enough to cover a late wake-up of the timer thread and the hand-off to a worker (each
   * usually well under a millisecond, now and then a few on a busy machine), short enough that a
   * worker waiting for its slot keeps a run that is due now waiting for little. Measured in fresh
   * JVMs (docs/benchmarks.md): 4 ms gave a lower lateness p99 than 1 ms.
   */
  private static final Duration WORKER_LEAD = Duration.ofMillis(4);

  @Override
  public Duration workerLead() {
    return WORKER_LEAD;
  }

  @Override
  public void handOff(int delta) {}

  @Override
  public void runEnding() {}

  @Override
  public void runEnded() {}

  @Override
  public void attach(Driven engine) {}

  @Override
  public void detach(Driven engine) {}
}
