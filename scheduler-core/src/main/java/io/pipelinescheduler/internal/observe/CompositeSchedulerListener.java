package io.pipelinescheduler.internal.observe;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes every callback to each of a list of listeners, in order. An exception thrown by one
 * listener is logged at WARN with the listener's class and the callback, and the next listener is
 * still called: a listener never fails the scheduler. An {@link Error} is not caught. Listeners may
 * be added at any time; thread-safe if the listeners are.
 */
public final class CompositeSchedulerListener implements SchedulerListener {
  private static final Logger log = LoggerFactory.getLogger(CompositeSchedulerListener.class);

  private final List<SchedulerListener> listeners = new CopyOnWriteArrayList<>();

  /** Fans out to no listener until some are {@link #add added}. */
  public CompositeSchedulerListener() {}

  /**
   * Fans out to {@code listeners}, in their order.
   *
   * @throws NullPointerException if the list or one of its elements is null
   */
  public CompositeSchedulerListener(List<? extends SchedulerListener> listeners) {
    this.listeners.addAll(List.copyOf(Objects.requireNonNull(listeners, "listeners")));
  }

  /** Adds a listener, called after those added before it. */
  public void add(SchedulerListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The listeners, in call order (an unmodifiable copy). */
  public List<SchedulerListener> listeners() {
    return List.copyOf(listeners);
  }

  @Override
  public void onRunStarted(ExecutionRecord run, Duration lateness) {
    each("onRunStarted", l -> l.onRunStarted(run, lateness));
  }

  @Override
  public void onRunSucceeded(ExecutionRecord run) {
    each("onRunSucceeded", l -> l.onRunSucceeded(run));
  }

  @Override
  public void onRunFailed(ExecutionRecord run) {
    each("onRunFailed", l -> l.onRunFailed(run));
  }

  @Override
  public void onRetryScheduled(ExecutionRecord failed, Instant retryAt) {
    each("onRetryScheduled", l -> l.onRetryScheduled(failed, retryAt));
  }

  @Override
  public void onSlotSkipped(String scheduleName, Instant slot, SkipReason reason, String detail) {
    each("onSlotSkipped", l -> l.onSlotSkipped(scheduleName, slot, reason, detail));
  }

  @Override
  public void onMisfire(String scheduleName, long missed, MisfirePolicy policy) {
    each("onMisfire", l -> l.onMisfire(scheduleName, missed, policy));
  }

  @Override
  public void onClaim(String scheduleName, Instant slot, boolean won) {
    each("onClaim", l -> l.onClaim(scheduleName, slot, won));
  }

  @Override
  public void onLeaseLost(String scheduleName, String runId) {
    each("onLeaseLost", l -> l.onLeaseLost(scheduleName, runId));
  }

  @Override
  public void onBackendError(String backend, String operation, Exception error) {
    each("onBackendError", l -> l.onBackendError(backend, operation, error));
  }

  private void each(String callback, Consumer<SchedulerListener> call) {
    for (SchedulerListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (Exception e) { // checked ones too: a listener may throw them sneakily
        log.warn("listener {} failed in {}", listener.getClass().getName(), callback, e);
      }
    }
  }
}
