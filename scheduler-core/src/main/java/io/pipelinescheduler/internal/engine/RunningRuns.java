package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.ScheduleStore;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which schedules have a run RUNNING, on any instance sharing the store: one read of the store's
 * RUNNING runs (there are at most as many as the instances' workers).
 */
public final class RunningRuns {
  /** More than the workers of any cluster; a run past it is not shown as running. */
  static final int LIMIT = 10_000;

  private final Map<String, Instant> since;

  private RunningRuns(Map<String, Instant> since) {
    this.since = since;
  }

  /** Reads the RUNNING runs of {@code store}. */
  public static RunningRuns read(ScheduleStore store) {
    Map<String, Instant> since = new HashMap<>();
    for (ExecutionRecord run : store.findRuns(EnumSet.of(ExecutionStatus.RUNNING), LIMIT)) {
      since.merge(run.scheduleName(), run.startedAt(), (a, b) -> a.isBefore(b) ? a : b);
    }
    return new RunningRuns(since);
  }

  /** {@code info} with its running state. */
  public ScheduleInfo mark(ScheduleInfo info) {
    return info.withRunningSince(since.get(info.name()));
  }

  /** Each of {@code infos} with its running state, in the same order. */
  public List<ScheduleInfo> mark(List<ScheduleInfo> infos) {
    return infos.stream().map(this::mark).toList();
  }
}
