package io.pipelinescheduler;

import static io.pipelinescheduler.internal.config.Checks.atLeast;
import static io.pipelinescheduler.internal.config.Checks.notNegative;
import static io.pipelinescheduler.internal.config.Checks.positive;
import static io.pipelinescheduler.internal.config.Checks.rejected;

import java.time.Duration;

/**
 * How the engine claims, runs and watches runs: its worker pool, graces, claim-ahead, heartbeats
 * and limits; the part of a {@link SchedulerConfig} at {@link SchedulerConfig#engine()}. Set
 * through {@link SchedulerConfig.Builder}; each setter there checks its value at once, and {@link
 * SchedulerConfig.Builder#build()} requires the heartbeat timeout to be longer than its interval.
 * Immutable and thread-safe.
 */
public final class EngineSettings {
  private final int maxConcurrentRuns;
  private final Duration shutdownGrace;
  private final Duration misfireGrace;
  private final Duration claimAhead;
  private final Duration interruptGrace;
  private final Duration heartbeatInterval;
  private final Duration heartbeatTimeout;
  private final int fireAllLimit;
  private final int outputLimitBytes;
  private final Duration dependencyWait;

  private EngineSettings(Builder b) {
    maxConcurrentRuns = b.maxConcurrentRuns;
    shutdownGrace = b.shutdownGrace;
    misfireGrace = b.misfireGrace;
    claimAhead = b.claimAhead;
    interruptGrace = b.interruptGrace;
    heartbeatInterval = b.heartbeatInterval;
    heartbeatTimeout = b.heartbeatTimeout;
    fireAllLimit = b.fireAllLimit;
    outputLimitBytes = b.outputLimitBytes;
    dependencyWait = b.dependencyWait;
  }

  /**
   * How many runs may execute at once in this instance: the size of the worker pool, one thread per
   * concurrent run; runs beyond it wait in order. From 1 to {@value
   * SchedulerConfig#MAX_CONCURRENT_RUNS_LIMIT}. Default 10; {@code SCHEDULER_MAX_CONCURRENT}.
   */
  public int maxConcurrentRuns() {
    return maxConcurrentRuns;
  }

  /**
   * How long {@code stop()} waits for running jobs. Default 30 s; {@code SCHEDULER_SHUTDOWN_GRACE}.
   */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * How late a slot may start and still count as on time rather than missed. Default 60 s; {@code
   * SCHEDULER_MISFIRE_GRACE}.
   */
  public Duration misfireGrace() {
    return misfireGrace;
  }

  /**
   * How long before its slot a scheduled run is claimed and recorded, when claims are round trips
   * (a persistent store or a shared lock backend, with time that moves by itself): the run then
   * starts at its slot, not one claim later, even when many slots come due together. Its record
   * shows RUNNING from the claim; it counts as in flight, so a stop starts it at its slot when that
   * comes within the shutdown grace. A slot is claimed ahead only when its schedule has no run in
   * flight and no dependencies; otherwise, and when this is zero, it is claimed when due. Default
   * 250 ms; {@code SCHEDULER_CLAIM_AHEAD}.
   */
  public Duration claimAhead() {
    return claimAhead;
  }

  /**
   * How long a job that was interrupted (timeout, cancel, stop past its grace) has to stop before
   * it is abandoned: its record is finished and its worker replaced. Default 5 s; {@code
   * SCHEDULER_INTERRUPT_GRACE}.
   */
  public Duration interruptGrace() {
    return interruptGrace;
  }

  /**
   * How often this instance records that its running runs are alive (shared stores). Default 10 s;
   * {@code SCHEDULER_HEARTBEAT_INTERVAL}.
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * How old a running run's heartbeat may get before a live instance marks it ABANDONED and retries
   * it under its policy (shared stores). Longer than {@link #heartbeatInterval()}. Default 60 s;
   * {@code SCHEDULER_HEARTBEAT_TIMEOUT}.
   */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * The most missed slots {@link MisfirePolicy#FIRE_ALL} catches up on at once. Default 100; {@code
   * SCHEDULER_FIRE_ALL_LIMIT}.
   */
  public int fireAllLimit() {
    return fireAllLimit;
  }

  /**
   * The most bytes of output kept per run. Default 65536 (64 KiB); {@code SCHEDULER_OUTPUT_LIMIT}.
   */
  public int outputLimitBytes() {
    return outputLimitBytes;
  }

  /**
   * How long a slot of a schedule with {@code dependsOn} waits for its dependency's run of the same
   * period to succeed before it is skipped ({@link SkipReason#DEPENDENCY}). Zero skips at once.
   * Default 1 h; {@code SCHEDULER_DEPENDENCY_WAIT}.
   */
  public Duration dependencyWait() {
    return dependencyWait;
  }

  /** The settings on one line. */
  @Override
  public String toString() {
    return "EngineSettings{" + fields() + "}";
  }

  /** The settings as {@code name=value} pairs joined by commas, for the log line. */
  String fields() {
    return "maxConcurrentRuns="
        + maxConcurrentRuns
        + ", shutdownGrace="
        + shutdownGrace
        + ", misfireGrace="
        + misfireGrace
        + ", dependencyWait="
        + dependencyWait
        + ", claimAhead="
        + claimAhead
        + ", interruptGrace="
        + interruptGrace
        + ", heartbeatTimeout="
        + heartbeatTimeout
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", fireAllLimit="
        + fireAllLimit
        + ", outputLimitBytes="
        + outputLimitBytes;
  }

  /** Collects and checks the engine settings for {@link SchedulerConfig.Builder}. */
  static final class Builder {
    private int maxConcurrentRuns = SchedulerConfig.DEFAULT_MAX_CONCURRENT_RUNS;
    private Duration shutdownGrace = SchedulerConfig.DEFAULT_SHUTDOWN_GRACE;
    private Duration misfireGrace = SchedulerConfig.DEFAULT_MISFIRE_GRACE;
    private Duration claimAhead = SchedulerConfig.DEFAULT_CLAIM_AHEAD;
    private Duration interruptGrace = SchedulerConfig.DEFAULT_INTERRUPT_GRACE;
    private Duration heartbeatInterval = SchedulerConfig.DEFAULT_HEARTBEAT_INTERVAL;
    private Duration heartbeatTimeout = SchedulerConfig.DEFAULT_HEARTBEAT_TIMEOUT;
    private int fireAllLimit = SchedulerConfig.DEFAULT_FIRE_ALL_LIMIT;
    private int outputLimitBytes = SchedulerConfig.DEFAULT_OUTPUT_LIMIT_BYTES;
    private Duration dependencyWait = SchedulerConfig.DEFAULT_DEPENDENCY_WAIT;

    Builder() {}

    Builder(EngineSettings s) {
      maxConcurrentRuns = s.maxConcurrentRuns;
      shutdownGrace = s.shutdownGrace;
      misfireGrace = s.misfireGrace;
      claimAhead = s.claimAhead;
      interruptGrace = s.interruptGrace;
      heartbeatInterval = s.heartbeatInterval;
      heartbeatTimeout = s.heartbeatTimeout;
      fireAllLimit = s.fireAllLimit;
      outputLimitBytes = s.outputLimitBytes;
      dependencyWait = s.dependencyWait;
    }

    void maxConcurrentRuns(int v) {
      atLeast("maxConcurrentRuns", v, 1);
      if (v > SchedulerConfig.MAX_CONCURRENT_RUNS_LIMIT) {
        throw rejected(
            "maxConcurrentRuns must be at most " + SchedulerConfig.MAX_CONCURRENT_RUNS_LIMIT,
            String.valueOf(v));
      }
      maxConcurrentRuns = v;
    }

    void shutdownGrace(Duration v) {
      shutdownGrace = notNegative("shutdownGrace", v);
    }

    void misfireGrace(Duration v) {
      misfireGrace = notNegative("misfireGrace", v);
    }

    void claimAhead(Duration v) {
      Duration ahead = notNegative("claimAhead", v);
      if (ahead.compareTo(Duration.ofMinutes(1)) >= 0) {
        throw rejected("claimAhead must be less than a minute (e.g. 250ms)", ahead.toString());
      }
      claimAhead = ahead;
    }

    void interruptGrace(Duration v) {
      interruptGrace = notNegative("interruptGrace", v);
    }

    void heartbeatInterval(Duration v) {
      heartbeatInterval = positive("heartbeatInterval", v);
    }

    void heartbeatTimeout(Duration v) {
      heartbeatTimeout = positive("heartbeatTimeout", v);
    }

    void fireAllLimit(int v) {
      fireAllLimit = atLeast("fireAllLimit", v, 1);
    }

    void outputLimitBytes(int v) {
      outputLimitBytes = atLeast("outputLimitBytes", v, 1);
    }

    void dependencyWait(Duration v) {
      dependencyWait = notNegative("dependencyWait", v);
    }

    /**
     * @throws SchedulerException when the heartbeat timeout is not longer than its interval
     */
    EngineSettings build() {
      if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
        throw new SchedulerException(
            "heartbeatTimeout ("
                + heartbeatTimeout
                + ") must be longer than heartbeatInterval ("
                + heartbeatInterval
                + "), or live runs would be marked ABANDONED");
      }
      return new EngineSettings(this);
    }
  }
}
