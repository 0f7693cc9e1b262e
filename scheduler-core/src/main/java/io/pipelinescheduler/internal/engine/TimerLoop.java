package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer thread: sleeps until the head of the timetable is due (as {@link EngineTime} allows),
 * takes the due entries and fires each with its runtime's monitor held: a slot goes to the {@link
 * SlotRules}, a retry to be claimed, another try at slots kept through a backend failure, or a run
 * claimed ahead to a worker.
 */
final class TimerLoop {
  private static final Logger log = LoggerFactory.getLogger(TimerLoop.class);

  /**
   * The most due timetable entries taken at once (one lock, one clock reading): few enough that the
   * entries fired together see nearly the same now.
   */
  private static final int FIRE_BATCH = 64;

  private final Clock clock;
  private final EngineTime time;
  private final SlotTimetable timetable;
  private final SlotRules rules;
  private final RunsInFlight runs;
  private final BooleanSupplier running;
  private volatile Thread thread;

  TimerLoop(
      Clock clock,
      EngineTime time,
      SlotTimetable timetable,
      SlotRules rules,
      RunsInFlight runs,
      BooleanSupplier running) {
    this.clock = clock;
    this.time = time;
    this.timetable = timetable;
    this.rules = rules;
    this.runs = runs;
    this.running = running;
  }

  void start() {
    Thread timer = new Thread(this::loop, "pipeline-scheduler-timer");
    timer.setDaemon(true);
    thread = timer;
    timer.start();
  }

  /** Stops the thread (after the engine stopped running) and waits for it, at most 5 s. */
  void stop() {
    Thread timer = thread;
    timer.interrupt();
    try {
      timer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean alive() {
    Thread timer = thread;
    return timer != null && timer.isAlive();
  }

  private void loop() {
    while (running.getAsBoolean()) {
      try {
        fireDue();
        timetable.awaitChange(clock, time);
      } catch (InterruptedException e) {
        if (!running.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException | Error e) {
        log.error("pipeline-scheduler timer: unexpected error; firing goes on", e);
      }
    }
  }

  private void fireDue() {
    time.handOff(1); // what it fires is handed on before this counts down
    try {
      List<TimerQueue.Entry> due = new ArrayList<>(FIRE_BATCH);
      while (running.getAsBoolean()) {
        Instant now = clock.instant();
        timetable.pollDue(now, FIRE_BATCH, due);
        if (due.isEmpty()) {
          return;
        }
        for (TimerQueue.Entry entry : due) {
          // Once a stop has begun only runs claimed ahead still start (the stop took the others
          // from the timetable, and these were no longer there); a slot left unfired is caught up
          // at the next start like any slot missed while stopped.
          if (running.getAsBoolean() || entry.kind() == TimerQueue.Kind.START) {
            fire(entry, now);
          }
        }
        due.clear();
      }
    } finally {
      time.handOff(-1);
    }
  }

  private void fire(TimerQueue.Entry entry, Instant now) {
    if (entry.kind() == TimerQueue.Kind.START) {
      runs.startAtSlot(entry);
      return;
    }
    ScheduleRuntime runtime = entry.runtime();
    synchronized (runtime) {
      // Under the runtime's monitor: an unschedule marks it removed before it takes the monitor.
      if (!runtime.active()) {
        return;
      }
      switch (entry.kind()) {
        case RETRY -> rules.startRun(runtime, entry.slot(), Trigger.RETRY, entry.attempt(), now);
        case RESUME -> rules.resume(runtime, now);
        case DEPENDENCY -> rules.recheckDependencies(runtime, now, entry.attempt() == 1);
        case TAKEOVER -> {
          if (entry.generation() == runtime.generation()) {
            rules.takeOver(runtime, entry.slot(), now);
          }
        }
        case SLOT -> {
          if (entry.generation() != runtime.generation()) {
            return;
          }
          if (rules.leftToOthers(runtime, entry.slot())) {
            return;
          }
          if (entry.slot().isAfter(now)) {
            rules.fireSlotAhead(runtime, entry.slot(), now);
          } else {
            rules.fireSlot(runtime, entry.slot(), now);
          }
        }
        case START -> throw new IllegalStateException("handled above");
      }
    }
  }
}
