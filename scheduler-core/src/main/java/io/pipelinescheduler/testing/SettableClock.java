package io.pipelinescheduler.testing;

import io.pipelinescheduler.internal.engine.EngineTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 *
 * <p>The scheduler runs its own threads and its own claim path under this clock exactly as under
 * the system clock: the clock only tells it how long its timer may sleep, wakes it when time moves,
 * and counts the work it hands between its threads to know when it has settled (the {@link
 * EngineTime} methods below, which are for the scheduler, not for users).
 */
public final class SettableClock extends Clock implements EngineTime {
  /** How long {@link #advance} waits for the runs it fired before it gives up. */
  public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_STEPS = 1_000_000;

  /** How soon a settle check looks again after the engines changed while it read them. */
  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How long an engine's timer sleeps at most between moves (it is woken by every move). */
  private static final Duration TIMER_SLEEP = Duration.ofSeconds(1);

  private final State state;
  private final ZoneId zone;

  private static final class State {
    private volatile Instant now;
    private final List<Driven> engines = new CopyOnWriteArrayList<>();
    private volatile Duration settleTimeout = DEFAULT_SETTLE_TIMEOUT;

    /** Work handed between the engines' threads and not yet handed on (see handOff). */
    private final AtomicInteger handOffs = new AtomicInteger();

    /**
     * Counts every hand-off and every run about to end: a settle check that sees it change while it
     * reads the engines looks again, as work may have moved past what it had read.
     */
    private final AtomicLong changes = new AtomicLong();

    /** Notified when the engines may have settled: a hand-off count back to zero, a run ended. */
    private final Object settle = new Object();

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
    settleAfterMove(true);
  }

  /** How long {@link #advance} waits for runs it fired; default 30 s. */
  public void setSettleTimeout(Duration timeout) {
    state.settleTimeout = Objects.requireNonNull(timeout, "timeout");
  }

  // ---- the engine's side (EngineTime); not for users ----

  /** The scheduler's timer sleeps until woken by a move of this clock (or a second passes). */
  @Override
  public Duration timerSleep(Instant now, Instant due) {
    return TIMER_SLEEP;
  }

  /** None: this clock's time does not pass while a worker waits for a slot. */
  @Override
  public Duration workerLead() {
    return Duration.ZERO;
  }

  /** Counts work handed between a scheduler's threads, to know when it has settled. */
  @Override
  public void handOff(int delta) {
    state.changes.incrementAndGet(); // before the count: see quiet()
    if (state.handOffs.addAndGet(delta) == 0) {
      poke();
    }
  }

  /** A scheduler's run is about to end: what it hands on is on its way (see quiet()). */
  @Override
  public void runEnding() {
    state.changes.incrementAndGet();
  }

  /** A scheduler's run ended: a move waiting for the runs to end looks again. */
  @Override
  public void runEnded() {
    poke();
  }

  /** A scheduler keeps its timetable against this clock (it registers itself). */
  @Override
  public void attach(Driven engine) {
    state.engines.add(Objects.requireNonNull(engine, "engine"));
  }

  /** A scheduler closed. */
  @Override
  public void detach(Driven engine) {
    state.engines.remove(engine);
  }

  private void poke() {
    synchronized (state.settle) {
      state.settle.notifyAll();
    }
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
        settleAfterMove(awaitRuns);
        return;
      }
      if (due.get().isAfter(state.now)) {
        state.now = due.get();
      }
      settleAfterMove(awaitRuns);
      if (Thread.currentThread().isInterrupted()) {
        return; // the mover was interrupted: the clock stays where it got to
      }
    }
    throw new IllegalStateException(
        "more than " + MAX_STEPS + " steps while advancing to " + target + "; is a run looping?");
  }

  private Optional<Instant> earliestDue() {
    return state.engines.stream()
        .map(Driven::nextDue)
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  /**
   * Wakes every scheduler's timer and waits until each has fired what is due by now and handed it
   * on (claimed, recorded, given to a worker), and with {@code awaitRuns} until the runs on workers
   * have ended. The schedulers run on their own threads, exactly as on the system clock.
   */
  private void settleAfterMove(boolean awaitRuns) {
    for (Driven engine : state.engines) {
      engine.wake();
    }
    Duration timeout = state.settleTimeout;
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (state.settle) {
      while (true) {
        long changesBefore = state.changes.get();
        boolean quiet = quiet(awaitRuns);
        if (quiet && state.changes.get() == changesBefore) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(unsettled(timeout));
        }
        // Not quiet: a poke follows (hand-offs back to zero, a run ended). Quiet but changed while
        // read: work moved meanwhile, and may not poke; look again shortly.
        long wait = quiet ? Math.min(left, RECHECK_NANOS) : left;
        try {
          TimeUnit.NANOSECONDS.timedWait(state.settle, wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Whether nothing is due by now, nothing is being handed on, and (with {@code awaitRuns}) no run
   * is on a worker. What is due is read before the hand-offs: a timer counts a hand-off before it
   * takes due entries, so an entry is always seen in one place or the other. Work that moves the
   * other way (a run ending that starts the next slot, a claim that puts a retry on the timetable)
   * counts a change first, which {@link #settleAfterMove} sees.
   */
  private boolean quiet(boolean awaitRuns) {
    Instant now = state.now;
    for (Driven engine : state.engines) {
      Optional<Instant> due = engine.nextDue();
      if (due.isPresent() && !due.get().isAfter(now)) {
        return false;
      }
    }
    if (state.handOffs.get() != 0) {
      return false;
    }
    return !awaitRuns || state.engines.stream().allMatch(engine -> engine.runsInFlight().isEmpty());
  }

  private String unsettled(Duration timeout) {
    List<String> running =
        state.engines.stream().flatMap(engine -> engine.runsInFlight().stream()).toList();
    if (running.isEmpty()) {
      return "the scheduler was still claiming slots after " + timeout;
    }
    return "runs still in flight after "
        + timeout
        + ": "
        + running
        + "; use SettableClock.advanceWithoutWaiting for jobs that block";
  }

  @Override
  public String toString() {
    return "SettableClock[" + state.now + ", " + zone + "]";
  }
}
