package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.spi.ScheduleChanges;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the change feeds of the store and the lock backend ({@link ScheduleChanges}) while the
 * engine runs: the names they report are gathered and read back from the store on a thread of its
 * own, so a burst of changes costs a few reads, not one each. Also tells the feeds of this
 * instance's own changes.
 */
final class ChangeFollower {
  private static final Logger log = LoggerFactory.getLogger(ChangeFollower.class);

  /**
   * The longest {@link #stop()} waits for a read under way to end by itself, before interrupting
   * it: interrupted, it fails against the store (the pool refuses an interrupted thread), which is
   * then closed under it.
   */
  static final long STOP_WAIT_MILLIS = 5_000;

  private final List<Supplier<Optional<ScheduleChanges>>> sources;
  private final Consumer<Set<String>> refreshNames;
  private final Runnable refreshAll;
  private final List<ScheduleChanges> feeds = new ArrayList<>();
  private final Set<String> pending = new HashSet<>();
  private boolean pendingAll;
  private boolean draining;
  private ExecutorService executor;

  ChangeFollower(
      List<Supplier<Optional<ScheduleChanges>>> sources,
      Consumer<Set<String>> refreshNames,
      Runnable refreshAll) {
    this.sources = sources;
    this.refreshNames = refreshNames;
    this.refreshAll = refreshAll;
  }

  synchronized void start() {
    executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "pipeline-scheduler-changes");
              thread.setDaemon(true);
              return thread;
            });
    for (Supplier<Optional<ScheduleChanges>> source : sources) {
      try {
        source
            .get()
            .ifPresent(
                feed -> {
                  feeds.add(feed);
                  feed.watch(this::changed);
                });
      } catch (RuntimeException e) {
        log.warn(
            "pipeline-scheduler: cannot watch for schedule changes ({}); they are picked up by the"
                + " periodic refresh",
            e.toString());
      }
    }
  }

  /** Stops following; waits (up to {@link #STOP_WAIT_MILLIS}) for a read under way to end. */
  void stop() {
    ExecutorService stopped;
    synchronized (this) {
      feeds.forEach(ScheduleChanges::close);
      feeds.clear();
      stopped = executor;
      executor = null;
      pending.clear();
      pendingAll = false;
      draining = false;
    }
    if (stopped != null) {
      stopped.shutdown();
      try {
        if (!stopped.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          stopped.shutdownNow();
        }
      } catch (InterruptedException e) {
        stopped.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Tells the feeds of schedules changed here (the others then read them at once). */
  void publish(Collection<String> names) {
    List<ScheduleChanges> current;
    synchronized (this) {
      current = List.copyOf(feeds);
    }
    for (ScheduleChanges feed : current) {
      try {
        feed.publish(names);
      } catch (RuntimeException e) {
        log.debug("pipeline-scheduler: a change message was not sent: {}", e.toString());
      }
    }
  }

  /** From a feed's thread: these schedules changed (empty: unknown which). */
  synchronized void changed(Set<String> names) {
    if (executor == null) {
      return;
    }
    if (names.isEmpty()) {
      pendingAll = true;
    } else {
      pending.addAll(names);
    }
    if (!draining) {
      draining = true;
      ExecutorService owner = executor;
      executor.execute(() -> drain(owner));
    }
  }

  /** Reads what is pending until nothing is; {@code owner}: the executor it runs on. */
  private void drain(ExecutorService owner) {
    while (true) {
      Set<String> names;
      boolean all;
      synchronized (this) {
        if (stoppedSince(owner)) {
          return; // stopped (and perhaps started again, with a drain of its own)
        }
        if (pending.isEmpty() && !pendingAll) {
          draining = false;
          return;
        }
        names = Set.copyOf(pending);
        all = pendingAll;
        pending.clear();
        pendingAll = false;
      }
      try {
        if (all) {
          refreshAll.run();
        } else {
          refreshNames.accept(names);
        }
      } catch (RuntimeException | Error e) {
        if (stoppedSince(owner)) {
          // Cut short by stop() (interrupted after the wait): the instance is stopping; after a
          // new start the periodic refresh reads every schedule again.
          log.debug(
              "pipeline-scheduler: a read of changed schedules ended by the stop: {}",
              e.toString());
          return;
        }
        log.warn(
            "pipeline-scheduler: could not read {} changed schedule(s) from the store; the periodic"
                + " refresh picks them up: {}",
            all ? "all" : names.size(),
            e.toString());
      }
    }
  }

  private synchronized boolean stoppedSince(ExecutorService owner) {
    return executor != owner;
  }
}
