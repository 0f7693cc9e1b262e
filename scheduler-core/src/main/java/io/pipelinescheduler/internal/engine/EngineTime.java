package io.pipelinescheduler.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * How the engine meets time and threads: how long its timer thread may sleep, and a count of the
 * work it hands from one of its threads to another (a due entry to fire, a slot to claim). The
 * system's implementation ({@link SystemTime}) sleeps until the next entry and counts nothing; a
 * clock that tests move by hand ({@code io.pipelinescheduler.testing.SettableClock}) implements it
 * too, to step through the engine's timetable and wait until the engine has settled. Either way the
 * engine runs the same threads and the same claim path: it never knows it is under test.
 */
public interface EngineTime {
  /** The engine's time for {@code clock}: the clock itself when it drives engines, else system. */
  static EngineTime of(Clock clock) {
    return clock instanceof EngineTime driving ? driving : SystemTime.INSTANCE;
  }

  /**
   * How long the timer thread may sleep at {@code now} when its earliest entry is due at {@code
   * due} (null: the timetable is empty). It is woken earlier by any change of the timetable and by
   * {@link Driven#wake()}.
   */
  Duration timerSleep(Instant now, Instant due);

  /**
   * In memory, how long before its slot a due slot goes to a worker, which claims it and waits out
   * the rest itself: the run then starts on that worker's own wake-up at the slot, not after the
   * timer thread's wake-up and a hand-off to a worker. Zero when time does not pass by itself while
   * a thread waits (a clock moved by hand).
   */
  Duration workerLead();

  /**
   * Work handed between the engine's threads: {@code delta} items queued (positive) or done
   * (negative). The engine counts up before it hands work over and down only after the work has
   * handed on whatever follows from it, so a count of zero with nothing due means settled.
   */
  void handOff(int delta);

  /**
   * A run in flight is about to leave the runs in flight: whatever it hands on (a retry, the slot
   * that waited for it) is on its way already. Called just before it leaves.
   */
  void runEnding();

  /** A run in flight on this engine ended (a clock waiting for the runs to end looks again). */
  void runEnded();

  /** An engine starts to keep its timetable against this time. */
  void attach(Driven engine);

  /** An engine closes. */
  void detach(Driven engine);

  /** What a clock moved by hand sees of an engine. */
  interface Driven {
    /** The earliest instant at which something is due, if the engine runs and has anything. */
    Optional<Instant> nextDue();

    /** Wakes the timer thread: the time has moved. */
    void wake();

    /** The schedules of the runs that a worker has or will have (not those waiting for a slot). */
    Collection<String> runsInFlight();
  }
}
