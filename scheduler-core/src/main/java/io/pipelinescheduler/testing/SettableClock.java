package io.pipelinescheduler.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that only moves when told to, for testing schedules without sleeping. Give it to the
 * scheduler with {@code SchedulerConfig.builder().clock(clock)}; then {@link #advance(Duration)}
 * fires every run that comes due, in order, at its own instant, and returns when those runs have
 * finished.
 *
 * <pre>{@code
 * SettableClock clock = SettableClock.at("2026-03-09T08:00:00Z");
 * try (PipelineScheduler scheduler = PipelineScheduler.create(
 *     SchedulerConfig.builder().persistSchedules(false).clock(clock).build())) {
 *   scheduler.scheduleDaily("report", ctx -> sendReport(), 9, 0);
 *   scheduler.start();
 *   clock.advance(Duration.ofHours(1));   // the 09:00 run has run when this returns
 * }
 * }</pre>
 *
 * <p>Thread-safe; one move at a time. Clocks made by {@link #withZone(ZoneId)} share the time.
 */
public final class SettableClock extends Clock {
  /** How long {@link #advance} waits for the runs it fired before it gives up. */
  public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_STEPS = 1_000_000;

  /**
   * Something that keeps a timetable against this clock: the scheduler registers itself. Not needed
   * by users.
   */
  public interface Listener {
    /** The earliest instant at which something is due, if any. */
    Optional<Instant> nextDue();

    /**
     * The clock moved to {@code now}: fire everything due. When {@code awaitRuns} is true, return
     * only when the runs in flight have finished, waiting at most {@code settleTimeout}.
     *
     * @throws IllegalStateException when runs are still in flight after the settle timeout
     */
    void timeMoved(Instant now, boolean awaitRuns, Duration settleTimeout);
  }

  private final State state;
  private final ZoneId zone;

  private static final class State {
    private volatile Instant now;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Duration settleTimeout = DEFAULT_SETTLE_TIMEOUT;

    private State(Instant now) {
      this.now = now;
    }
  }

  private SettableClock(State state, ZoneId zone) {
    this.state = state;
    this.zone = zone;
  }

  /** A clock standing at {@code start}, in UTC. */
  public SettableClock(Instant start) {
    this(new State(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** A clock standing at an ISO-8601 instant such as {@code 2026-03-08T06:00:00Z}, in UTC. */
  public static SettableClock at(String isoInstant) {
    return new SettableClock(Instant.parse(Objects.requireNonNull(isoInstant, "isoInstant")));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new SettableClock(state, Objects.requireNonNull(newZone, "zone"));
  }

  @Override
  public Instant instant() {
    return state.now;
  }

  /**
   * Moves time forward by {@code amount}, stopping at each instant where a run is due so that it
   * fires at its own time (no run is late or missed), and returns when the runs fired have
   * finished.
   *
   * @throws IllegalArgumentException when {@code amount} is negative
   * @throws IllegalStateException when runs are still running after the settle timeout (use {@link
   *     #advanceWithoutWaiting} for jobs that block)
   */
  public void advance(Duration amount) {
    moveForward(amount, true);
  }

  /** Like {@link #advance} but returns once the due runs have been started, without waiting. */
  public void advanceWithoutWaiting(Duration amount) {
    moveForward(amount, false);
  }

  /**
   * Jumps straight to {@code instant}, forward or back, without stopping on the way: slots jumped
   * over by more than the misfire grace count as missed, as after a long pause. Returns when the
   * runs fired have finished.
   */
  public synchronized void set(Instant instant) {
    state.now = Objects.requireNonNull(instant, "instant");
    notifyListeners(true);
  }

  /** How long {@link #advance} waits for runs it fired; default 30 s. */
  public void setSettleTimeout(Duration timeout) {
    state.settleTimeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** Registers a timetable to be told when time moves. */
  public void addListener(Listener listener) {
    state.listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a timetable. */
  public void removeListener(Listener listener) {
    state.listeners.remove(listener);
  }

  private synchronized void moveForward(Duration amount, boolean awaitRuns) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("cannot advance by a negative amount, was " + amount);
    }
    Instant target = state.now.plus(amount);
    for (int step = 0; step < MAX_STEPS; step++) {
      Optional<Instant> due = earliestDue();
      if (due.isEmpty() || due.get().isAfter(target)) {
        state.now = target;
        notifyListeners(awaitRuns);
        return;
      }
      if (due.get().isAfter(state.now)) {
        state.now = due.get();
      }
      notifyListeners(awaitRuns);
    }
    throw new IllegalStateException(
        "more than " + MAX_STEPS + " steps while advancing to " + target + "; is a run looping?");
  }

  private Optional<Instant> earliestDue() {
    return state.listeners.stream()
        .map(Listener::nextDue)
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  private void notifyListeners(boolean awaitRuns) {
    for (Listener listener : state.listeners) {
      listener.timeMoved(state.now, awaitRuns, state.settleTimeout);
    }
  }

  @Override
  public String toString() {
    return "SettableClock[" + state.now + ", " + zone + "]";
  }
}
