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

  synchronized void stop() {
    feeds.forEach(ScheduleChanges::close);
    feeds.clear();
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
    pending.clear();
    pendingAll = false;
    draining = false;
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
      executor.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      Set<String> names;
      boolean all;
      synchronized (this) {
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
        log.warn(
            "pipeline-scheduler: could not read {} changed schedule(s) from the store; the periodic"
                + " refresh picks them up: {}",
            all ? "all" : names.size(),
            e.toString());
      }
    }
  }
}
