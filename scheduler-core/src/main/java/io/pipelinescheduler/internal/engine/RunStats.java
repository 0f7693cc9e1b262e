package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** Counts of finished runs, and the outcomes of the latest ones for the health threshold. */
final class RunStats {
  private static final int RECENT = 20;
  private static final int MIN_RECENT_FOR_RATE = 5;

  private final LongAdder total = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder nanos = new LongAdder();
  private final boolean[] recent = new boolean[RECENT];
  private int recentCount;
  private int recentNext;

  void record(ExecutionRecord run) {
    total.increment();
    if (run.success()) {
      succeeded.increment();
    }
    nanos.add(run.duration().toNanos());
    synchronized (recent) {
      recent[recentNext] = run.success();
      recentNext = (recentNext + 1) % RECENT;
      recentCount = Math.min(RECENT, recentCount + 1);
    }
  }

  long total() {
    return total.sum();
  }

  long succeeded() {
    return succeeded.sum();
  }

  long failed() {
    return total() - succeeded();
  }

  double successRate() {
    long all = total();
    return all == 0 ? 1.0 : (double) succeeded() / all;
  }

  Duration averageDuration() {
    long all = total();
    return all == 0 ? Duration.ZERO : Duration.ofNanos(nanos.sum() / all);
  }

  /** The failed share of the latest runs, or 0 while fewer than a handful have finished. */
  double recentFailureRate() {
    synchronized (recent) {
      if (recentCount < MIN_RECENT_FOR_RATE) {
        return 0;
      }
      int failures = 0;
      for (int i = 0; i < recentCount; i++) {
        if (!recent[i]) {
          failures++;
        }
      }
      return (double) failures / recentCount;
    }
  }
}
