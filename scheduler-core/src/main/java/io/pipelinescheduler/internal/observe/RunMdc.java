package io.pipelinescheduler.internal.observe;

import org.slf4j.MDC;

/**
 * Puts the MDC keys {@value #SCHEDULE} and {@value #RUN_ID} on the current thread for the length of
 * a run, so that every log line written during it names the run:
 *
 * <pre>{@code
 * try (RunMdc.Scope ignored = RunMdc.put(run.scheduleName(), run.runId())) {
 *   job.run(context);
 * }
 * }</pre>
 *
 * <p>(javac's {@code -Xlint:try} warns that {@code ignored} is never referenced; the method holding
 * the block can carry {@code @SuppressWarnings("try")}.)
 */
public final class RunMdc {
  /** The MDC key holding the schedule name. */
  public static final String SCHEDULE = "schedule";

  /** The MDC key holding the run id. */
  public static final String RUN_ID = "runId";

  private RunMdc() {}

  /**
   * Sets {@value #SCHEDULE} and {@value #RUN_ID} on the current thread (a null value removes the
   * key) and returns a scope whose {@link Scope#close()} puts back the values there were before.
   * The scope must be closed on the same thread; scopes nest.
   */
  public static Scope put(String schedule, String runId) {
    Scope scope = new Scope(MDC.get(SCHEDULE), MDC.get(RUN_ID));
    set(SCHEDULE, schedule);
    set(RUN_ID, runId);
    return scope;
  }

  private static void set(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Restores the previous MDC values when closed. Not thread-safe: close it where it was made. */
  public static final class Scope implements AutoCloseable {
    private final String previousSchedule;
    private final String previousRunId;
    private boolean closed;

    private Scope(String previousSchedule, String previousRunId) {
      this.previousSchedule = previousSchedule;
      this.previousRunId = previousRunId;
    }

    /** Puts back the values from before {@link RunMdc#put}. Idempotent; never throws. */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        set(SCHEDULE, previousSchedule);
        set(RUN_ID, previousRunId);
      }
    }
  }
}
