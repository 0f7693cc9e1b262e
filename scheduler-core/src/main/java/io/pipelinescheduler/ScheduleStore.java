package io.pipelinescheduler;

import io.pipelinescheduler.spi.ScheduleChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where schedule state and run history live. The in-memory store (core) is used when persistence is
 * off; {@code scheduler-persistence} adds a JPA store found through {@link ScheduleStoreProvider}.
 *
 * <p>Implementations must be thread-safe: the scheduler's threads (timer, claim, record, slots
 * writer, workers, maintenance) call them concurrently. A method that cannot reach its backing
 * storage throws a {@link SchedulerException}; the scheduler then counts the error, reports
 * DEGRADED health and starts no run whose claim it could not record.
 */
public interface ScheduleStore extends AutoCloseable {
  /** A short name for logs and health details, e.g. {@code memory} or {@code sqlite}. */
  String name();

  /** Inserts or replaces the schedule of this name. */
  void saveSchedule(StoredSchedule schedule);

  /** The schedule of this name, if stored. */
  Optional<StoredSchedule> findSchedule(String name);

  /** Every stored schedule, sorted by name. */
  List<StoredSchedule> findSchedules();

  /**
   * The stored schedules that carry a definition (data-defined ones, restored without code at
   * start), sorted by name. A store with many code-defined schedules should read only these; the
   * default filters {@link #findSchedules()}.
   */
  default List<StoredSchedule> findDefinedSchedules() {
    return findSchedules().stream().filter(schedule -> schedule.definition() != null).toList();
  }

  /**
   * The stored schedules of one type, sorted by name: the engine asks for those of type {@link
   * ScheduleType#AFTER} when a run first ends, to find what it starts downstream. A store with many
   * schedules should read only these; the default filters {@link #findSchedules()}.
   */
  default List<StoredSchedule> findSchedulesOfType(ScheduleType type) {
    Objects.requireNonNull(type, "type");
    return findSchedules().stream().filter(schedule -> schedule.type() == type).toList();
  }

  /**
   * Inserts or replaces several schedules, as {@link #saveSchedule} does for each. {@code
   * PipelineScheduler.scheduleAll} and {@code importSchedules} write a whole batch with one call
   * (names are distinct). A store that can should write them atomically, in one transaction: all or
   * none (on an exception none may be written, so that a failed batch leaves nothing behind). The
   * default calls {@link #saveSchedule} for each, which is not atomic.
   */
  default void saveSchedules(List<StoredSchedule> schedules) {
    for (StoredSchedule schedule : schedules) {
      saveSchedule(schedule);
    }
  }

  /**
   * The stored schedules of these names (names not stored are left out), sorted by name. The
   * scheduler reads the stored state of a whole batch with one call before registering it, and the
   * schedules a change feed named; a store should read them in few queries. The default calls
   * {@link #findSchedule} for each.
   */
  default List<StoredSchedule> findSchedules(Collection<String> names) {
    List<StoredSchedule> found = new ArrayList<>();
    for (String name : new TreeSet<>(names)) {
      findSchedule(name).ifPresent(found::add);
    }
    return found;
  }

  /**
   * The latest run (the first of {@link #findHistory findHistory(name, 1)}) of each of these
   * schedules that has one, by schedule name. The scheduler reads them for a whole batch with one
   * call before registering it (a schedule registered again shows its last run); a store should
   * read them in few queries. The default calls {@link #findHistory} for each.
   */
  default Map<String, ExecutionRecord> findLatestRuns(Collection<String> names) {
    Map<String, ExecutionRecord> latest = new HashMap<>();
    for (String name : names) {
      findHistory(name, 1).stream().findFirst().ifPresent(run -> latest.put(name, run));
    }
    return latest;
  }

  /**
   * Saves the schedule of {@code name} that {@code merge} makes from the stored one and from its
   * latest run, and returns what was saved: one call for registering a schedule, which keeps the
   * stored enabled state, anchor and last slot. A store should read and write in one transaction
   * (one round trip to its database). {@code merge} is pure and may be called more than once (when
   * the store retries its transaction); only the result of the last call is saved, and nothing is
   * saved when it throws. The default reads with {@link #findSchedule} and {@link #findHistory} and
   * writes with {@link #saveSchedule}: three calls, not atomic.
   *
   * @throws IllegalArgumentException when {@code merge} returns a schedule of another name
   */
  default StoredSchedule mergeSchedule(String name, ScheduleMerge merge) {
    StoredSchedule merged =
        merge.merge(findSchedule(name), findHistory(name, 1).stream().findFirst());
    ScheduleMerge.check(name, merged);
    saveSchedule(merged);
    return merged;
  }

  /** What {@link #mergeSchedule} saves, made from what is stored. */
  @FunctionalInterface
  interface ScheduleMerge {
    /**
     * The schedule to save.
     *
     * @param stored the schedule stored under the name, empty when none
     * @param latestRun the schedule's latest run (see {@link #findHistory}), empty when none
     * @return the schedule to save, of the same name
     */
    StoredSchedule merge(Optional<StoredSchedule> stored, Optional<ExecutionRecord> latestRun);

    /**
     * Checks that {@code merged} is a schedule named {@code name}, for stores.
     *
     * @throws IllegalArgumentException when it is not
     */
    static void check(String name, StoredSchedule merged) {
      Objects.requireNonNull(merged, "merged schedule");
      if (!merged.name().equals(name)) {
        throw new IllegalArgumentException(
            "mergeSchedule('" + name + "') was given schedule '" + merged.name() + "' to save");
      }
    }
  }

  /** Removes the schedule (its runs stay); false when there was none. */
  boolean deleteSchedule(String name);

  /** Records that {@code lastSlot} fired and {@code nextRun} is next; no-op for unknown names. */
  void updateSlots(String name, Instant lastSlot, Instant nextRun);

  /**
   * Records the last and next slots of several schedules, as {@link #updateSlots(String, Instant,
   * Instant)} does for each. The scheduler writes slots behind its timer thread and hands over
   * whatever piled up meanwhile; a store should write them in one transaction. The default calls
   * {@link #updateSlots(String, Instant, Instant)} for each.
   */
  default void updateSlots(List<ScheduleSlots> slots) {
    for (ScheduleSlots s : slots) {
      updateSlots(s.name(), s.lastSlot(), s.nextRun());
    }
  }

  /** Switches the schedule on or off; no-op for unknown names. */
  void setEnabled(String name, boolean enabled);

  /**
   * Records a run at claim time, {@link ExecutionStatus#QUEUED} (the scheduler then reports its
   * start through {@link #markStarted}). For scheduled, retry and catch-up runs this is the final
   * fence: when a run of the same schedule, slot and attempt is already recorded, nothing is
   * written and the result is false. Manual runs are always inserted.
   */
  boolean insertRun(ExecutionRecord run);

  /**
   * Records several runs at claim time, as {@link #insertRun} does for each, and returns one result
   * per run, in order. When many slots come due at once the scheduler claims them in one call; a
   * store should write them in one transaction, all or none (on an exception none may be written:
   * the scheduler then tries the claims again). The default calls {@link #insertRun} for each.
   */
  default List<Boolean> insertRuns(List<ExecutionRecord> runs) {
    List<Boolean> inserted = new ArrayList<>(runs.size());
    for (ExecutionRecord run : runs) {
      inserted.add(insertRun(run));
    }
    return inserted;
  }

  /**
   * Replaces the record of a run that is still QUEUED or RUNNING and whose stored node is {@code
   * run.node()} (its start, end, output and status). A run that has ended (e.g. marked ABANDONED by
   * another instance meanwhile) keeps its stored record, and so does a run now stored with another
   * node (a QUEUED run another instance took over, see {@link #takeOverQueued}): an instance never
   * writes an end over another instance's run. A run's end may come without its start (a run that
   * started and ended while its start was not yet written).
   */
  void updateRun(ExecutionRecord run);

  /**
   * Finishes several runs, as {@link #updateRun} does for each (only those still QUEUED or RUNNING
   * with the stored node the record's). The scheduler hands over the runs that ended while the
   * previous call was being written; a store should write them in one transaction. The default
   * calls {@link #updateRun} for each.
   */
  default void updateRuns(List<ExecutionRecord> runs) {
    for (ExecutionRecord run : runs) {
      updateRun(run);
    }
  }

  /**
   * Records that these {@link ExecutionStatus#QUEUED} runs started on a worker: each given record
   * is {@link ExecutionStatus#RUNNING} with its start instant. Only runs still QUEUED with the
   * stored node the record's change; the others (already ended, taken over by another instance, or
   * unknown) are left as they are. The scheduler writes starts behind its workers, in batches with
   * the ends of runs, so a store should write them in one transaction. On an exception none may be
   * written (the scheduler keeps them and tries again). The default calls {@link #updateRuns},
   * which also leaves ended runs as they are.
   */
  default void markStarted(List<ExecutionRecord> runs) {
    updateRuns(runs);
  }

  /**
   * Records that this {@link ExecutionStatus#QUEUED} run starts now, at once and only if it is
   * still QUEUED and still claimed by {@code run.node()} (another instance may have taken it over,
   * see {@link #takeOverQueued}); {@code run} is {@link ExecutionStatus#RUNNING} with its start
   * instant. True when this call changed the run: the caller may then run its job, and no other
   * instance can take it over any more. False when the run is unknown, has started or ended, or is
   * now another instance's: the caller must not run it. The scheduler calls it before a worker
   * starts a run whose claim may have gone stale (its instance could not heart-beat it for a
   * while), so that a run taken over elsewhere does not run twice; it writes other starts behind
   * its workers ({@link #markStarted}).
   *
   * <p>The default reads the run with {@link #findRun} and then calls {@link #markStarted}, which
   * is enough for a store that has no {@link #takeOverQueued} (nothing else changes a run's node).
   * A store that implements {@link #takeOverQueued} must override it with one conditional write.
   *
   * @throws SchedulerException when the store cannot be reached; the run is then left QUEUED
   */
  default boolean startQueued(ExecutionRecord run) {
    boolean ours =
        findRun(run.runId())
            .map(
                stored ->
                    stored.status() == ExecutionStatus.QUEUED
                        && Objects.equals(stored.node(), run.node()))
            .orElse(false);
    if (ours) {
      markStarted(List.of(run));
    }
    return ours;
  }

  /**
   * Of these run ids, those the store no longer shows as QUEUED or RUNNING (another instance marked
   * them ABANDONED): this instance then stops them. The default asks {@link #findRun} for each.
   */
  default List<String> notRunning(Collection<String> runIds) {
    return runIds.stream()
        .filter(id -> findRun(id).map(run -> run.status().isFinal()).orElse(false))
        .toList();
  }

  /** The latest {@code limit} runs of a schedule, newest first (by start). */
  List<ExecutionRecord> findHistory(String scheduleName, int limit);

  /**
   * The latest {@code limit} runs of every schedule (also of schedules removed since) whose status
   * is one of {@code statuses}, newest first (by start); every status when {@code statuses} is
   * empty. The dashboard's list of runs and the running state of schedules read it. A store should
   * read it in one query. The default reads the history of every stored schedule, so it misses the
   * runs of removed schedules.
   */
  default List<ExecutionRecord> findRuns(Collection<ExecutionStatus> statuses, int limit) {
    Objects.requireNonNull(statuses, "statuses");
    List<ExecutionRecord> found = new ArrayList<>();
    for (StoredSchedule schedule : findSchedules()) {
      for (ExecutionRecord run : findHistory(schedule.name(), Integer.MAX_VALUE)) {
        if (statuses.isEmpty() || statuses.contains(run.status())) {
          found.add(run);
        }
      }
    }
    found.sort(ExecutionRecord.NEWEST_FIRST);
    return List.copyOf(found.subList(0, Math.min(limit, found.size())));
  }

  /** One run by id. */
  Optional<ExecutionRecord> findRun(String runId);

  /**
   * Marks these QUEUED and RUNNING runs as alive at {@code at}; ended and unknown runs are ignored.
   * Stores without heartbeats ignore it.
   */
  default void heartbeat(Collection<String> runIds, Instant at) {}

  /**
   * Runs still RUNNING (started, never QUEUED ones) whose heartbeat (or start, when none) is older
   * than {@code heartbeatBefore}: their instance probably died. Stores without heartbeats return an
   * empty list.
   */
  default List<ExecutionRecord> findStaleRunning(Instant heartbeatBefore) {
    return List.of();
  }

  /**
   * Runs still {@link ExecutionStatus#QUEUED} (claimed, never started) whose heartbeat (or claim
   * instant, when none) is older than {@code heartbeatBefore}: their instance probably died before
   * a worker took them, so another instance should run them ({@link #takeOverQueued}). Oldest claim
   * first. Stores without heartbeats return an empty list (the default).
   */
  default List<ExecutionRecord> findStaleQueued(Instant heartbeatBefore) {
    return List.of();
  }

  /**
   * Takes a {@link ExecutionStatus#QUEUED} run over for the instance {@code node}, atomically: only
   * if it is still QUEUED and its heartbeat (or claim instant, when none) is still older than
   * {@code heartbeatBefore}, its node becomes {@code node} and its heartbeat {@code at}. True when
   * this call took it; of several instances taking the same run at once, exactly one gets true and
   * runs it (same slot and attempt). The default returns false (no heartbeats, nothing to take
   * over).
   */
  default boolean takeOverQueued(String runId, String node, Instant at, Instant heartbeatBefore) {
    return false;
  }

  /**
   * Marks a run ABANDONED with {@code reason} as its error, only if it is still RUNNING; true when
   * this call changed it (so exactly one instance acts on an abandoned run).
   */
  default boolean markAbandoned(String runId, Instant at, String reason) {
    return false;
  }

  /**
   * Deletes at most {@code batchSize} runs that finished before {@code cutoff}; returns how many
   * were deleted, so the caller can go on in small batches.
   */
  default int deleteRunsFinishedBefore(Instant cutoff, int batchSize) {
    return 0;
  }

  /**
   * Records this instance as alive in the table of instances (inserting or replacing its row), so
   * that instances sharing the store split the slots among themselves. Stores that are not shared
   * do nothing, the default.
   */
  default void heartbeatInstance(StoredInstance instance) {}

  /**
   * Every instance in the table of instances, live or not (the caller judges by {@link
   * StoredInstance#heartbeatAt()}). Empty by default: a store that is not shared has no others, and
   * every instance then claims every slot itself.
   */
  default List<StoredInstance> findInstances() {
    return List.of();
  }

  /** Removes an instance from the table of instances when it stops; the default does nothing. */
  default void removeInstance(String instanceId) {}

  /**
   * The feed of changes made to this store by others, when the store is shared and can tell
   * (PostgreSQL {@code LISTEN/NOTIFY}, a SQLite change log); empty by default. The scheduler
   * watches it from {@code start()} and closes it at {@code stop()}; each call returns a new feed.
   */
  default Optional<ScheduleChanges> changes() {
    return Optional.empty();
  }

  /** State for {@code healthCheck()} details, e.g. the database URL and pool state. */
  default Map<String, Object> healthDetails() {
    return Map.of();
  }

  /** Releases connections and files; the default does nothing. */
  @Override
  default void close() {}

  /**
   * Checks cheaply that the store can serve calls now, e.g. with a {@code SELECT 1}; {@code
   * healthCheck()} calls it every time, so that a store that stopped answering shows as DEGRADED at
   * once, not at the next run. Must return or throw within a few seconds, also when the database
   * hangs, and may be called from several threads at once. A store that knows it is broken in a way
   * a cheap query does not show (e.g. a damaged file) should throw too. The default does nothing
   * (an in-memory store is always there).
   *
   * @throws SchedulerException naming the store and what is wrong
   */
  default void ping() {}
}
