package io.pipelinescheduler.http.internal;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Starts a run now and finds its id at once. {@code runNow} completes its future only when the run
 * ends, but records the run as RUNNING before it returns: the new MANUAL record in the schedule's
 * history, not there a moment before, is this run. Starts are serialized here so that two HTTP
 * calls cannot take each other's run; a {@code runNow} from Java code at the same instant could.
 */
final class ManualRuns {
  private static final int WINDOW = 50;

  private final PipelineScheduler scheduler;

  ManualRuns(PipelineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Starts a run of {@code name}; its record (RUNNING, or already finished), or empty when it
   * cannot be told apart.
   *
   * @throws io.pipelinescheduler.UnknownScheduleException when there is no such schedule
   * @throws io.pipelinescheduler.SchedulerException when the scheduler is not started
   * @throws ApiException 503 when the run could not be recorded
   */
  synchronized Optional<ExecutionRecord> start(String name) {
    Set<String> before = ids(scheduler.getHistory(name, WINDOW));
    CompletableFuture<ExecutionRecord> run = scheduler.runNow(name);
    if (run.isDone() && !run.isCompletedExceptionally()) {
      return Optional.of(run.join());
    }
    Optional<ExecutionRecord> started =
        scheduler.getHistory(name, WINDOW).stream()
            .filter(r -> r.trigger() == Trigger.MANUAL && !before.contains(r.runId()))
            .findFirst();
    if (started.isEmpty() && run.isCompletedExceptionally()) {
      try {
        run.join();
      } catch (CompletionException e) {
        Throwable reason = e.getCause() == null ? e : e.getCause();
        throw new ApiException(503, reason.getMessage());
      }
    }
    return started;
  }

  private static Set<String> ids(List<ExecutionRecord> records) {
    return records.stream().map(ExecutionRecord::runId).collect(Collectors.toSet());
  }
}
