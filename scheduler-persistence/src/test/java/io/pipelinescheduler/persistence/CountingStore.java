package io.pipelinescheduler.persistence;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleSlots;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.StoredSchedule;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A store that passes every call to a real store and counts them by method name: a call here is
 * what the scheduler asks of the store, one round trip (or one transaction) in the JPA store.
 */
final class CountingStore implements ScheduleStore {
  private final ScheduleStore store;
  private final Map<String, Integer> calls = new TreeMap<>();

  /** Run on the caller's thread before each {@code findStaleRunning} goes to the store. */
  volatile Runnable beforeFindStaleRunning = () -> {};

  /** What the last failed {@code findStaleRunning} threw, or null. */
  volatile RuntimeException findStaleRunningFailure;

  /** How many {@code findStaleRunning} calls have returned or thrown. */
  final java.util.concurrent.atomic.AtomicInteger findStaleRunningEnded =
      new java.util.concurrent.atomic.AtomicInteger();

  CountingStore(ScheduleStore store) {
    this.store = store;
  }

  /** The calls counted so far, by method name. */
  synchronized Map<String, Integer> calls() {
    return new TreeMap<>(calls);
  }

  synchronized void reset() {
    calls.clear();
  }

  private synchronized void count(String method) {
    calls.merge(method, 1, Integer::sum);
  }

  @Override
  public String name() {
    return store.name();
  }

  @Override
  public void saveSchedule(StoredSchedule schedule) {
    count("saveSchedule");
    store.saveSchedule(schedule);
  }

  @Override
  public void saveSchedules(List<StoredSchedule> schedules) {
    count("saveSchedules");
    store.saveSchedules(schedules);
  }

  @Override
  public StoredSchedule mergeSchedule(String name, ScheduleMerge merge) {
    count("mergeSchedule");
    return store.mergeSchedule(name, merge);
  }

  @Override
  public Optional<StoredSchedule> findSchedule(String name) {
    count("findSchedule");
    return store.findSchedule(name);
  }

  @Override
  public List<StoredSchedule> findSchedules() {
    count("findSchedules");
    return store.findSchedules();
  }

  @Override
  public List<StoredSchedule> findSchedules(Collection<String> names) {
    count("findSchedules(names)");
    return store.findSchedules(names);
  }

  @Override
  public Map<String, ExecutionRecord> findLatestRuns(Collection<String> names) {
    count("findLatestRuns");
    return store.findLatestRuns(names);
  }

  @Override
  public List<StoredSchedule> findDefinedSchedules() {
    count("findDefinedSchedules");
    return store.findDefinedSchedules();
  }

  @Override
  public boolean deleteSchedule(String name) {
    count("deleteSchedule");
    return store.deleteSchedule(name);
  }

  @Override
  public void updateSlots(String name, Instant lastSlot, Instant nextRun) {
    count("updateSlots");
    store.updateSlots(name, lastSlot, nextRun);
  }

  @Override
  public void updateSlots(List<ScheduleSlots> slots) {
    count("updateSlots(list)");
    store.updateSlots(slots);
  }

  @Override
  public void setEnabled(String name, boolean enabled) {
    count("setEnabled");
    store.setEnabled(name, enabled);
  }

  @Override
  public boolean insertRun(ExecutionRecord run) {
    count("insertRun");
    return store.insertRun(run);
  }

  @Override
  public List<Boolean> insertRuns(List<ExecutionRecord> runs) {
    count("insertRuns");
    return store.insertRuns(runs);
  }

  @Override
  public void updateRun(ExecutionRecord run) {
    count("updateRun");
    store.updateRun(run);
  }

  @Override
  public void updateRuns(List<ExecutionRecord> runs) {
    count("updateRuns");
    store.updateRuns(runs);
  }

  @Override
  public void markStarted(List<ExecutionRecord> runs) {
    count("markStarted");
    store.markStarted(runs);
  }

  @Override
  public boolean startQueued(ExecutionRecord run) {
    count("startQueued");
    return store.startQueued(run);
  }

  @Override
  public List<String> notRunning(Collection<String> runIds) {
    count("notRunning");
    return store.notRunning(runIds);
  }

  @Override
  public List<ExecutionRecord> findHistory(String scheduleName, int limit) {
    count("findHistory");
    return store.findHistory(scheduleName, limit);
  }

  @Override
  public List<ExecutionRecord> findRuns(Collection<ExecutionStatus> statuses, int limit) {
    count("findRuns");
    return store.findRuns(statuses, limit);
  }

  @Override
  public Optional<ExecutionRecord> findRun(String runId) {
    count("findRun");
    return store.findRun(runId);
  }

  @Override
  public void heartbeat(Collection<String> runIds, Instant at) {
    count("heartbeat");
    store.heartbeat(runIds, at);
  }

  @Override
  public List<ExecutionRecord> findStaleRunning(Instant heartbeatBefore) {
    count("findStaleRunning");
    beforeFindStaleRunning.run();
    try {
      return store.findStaleRunning(heartbeatBefore);
    } catch (RuntimeException e) {
      findStaleRunningFailure = e;
      throw e;
    } finally {
      findStaleRunningEnded.incrementAndGet();
    }
  }

  @Override
  public List<ExecutionRecord> findStaleQueued(Instant heartbeatBefore) {
    count("findStaleQueued");
    return store.findStaleQueued(heartbeatBefore);
  }

  @Override
  public boolean takeOverQueued(String runId, String node, Instant at, Instant heartbeatBefore) {
    count("takeOverQueued");
    return store.takeOverQueued(runId, node, at, heartbeatBefore);
  }

  @Override
  public boolean markAbandoned(String runId, Instant at, String reason) {
    count("markAbandoned");
    return store.markAbandoned(runId, at, reason);
  }

  @Override
  public int deleteRunsFinishedBefore(Instant cutoff, int batchSize) {
    count("deleteRunsFinishedBefore");
    return store.deleteRunsFinishedBefore(cutoff, batchSize);
  }

  @Override
  public Map<String, Object> healthDetails() {
    return store.healthDetails();
  }

  @Override
  public void ping() {
    count("ping");
    store.ping();
  }

  @Override
  public void close() {
    store.close();
  }
}
