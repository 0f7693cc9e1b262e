package io.pipelinescheduler.spring;

import io.pipelinescheduler.PipelineScheduler;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link PipelineScheduler} when the context has been refreshed (after every bean, so
 * schedules registered by beans are there) and stops it first at shutdown. The stop waits up to the
 * scheduler's {@code shutdownGrace} for running jobs, then interrupts them; it runs on its own
 * thread, so Spring Boot's graceful shutdown ({@code spring.lifecycle.timeout-per-shutdown-phase})
 * bounds the wait. Thread-safe.
 */
public class PipelineSchedulerLifecycle implements SmartLifecycle {
  /** Started last and stopped first: no new runs start while the web server drains its requests. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE;

  private final PipelineScheduler scheduler;

  /** A lifecycle for this scheduler. */
  public PipelineSchedulerLifecycle(PipelineScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void start() {
    scheduler.start();
  }

  @Override
  public void stop() {
    scheduler.stop();
  }

  @Override
  public void stop(Runnable callback) {
    Thread stopper =
        new Thread(
            () -> {
              try {
                scheduler.stop();
              } finally {
                callback.run();
              }
            },
            "pipeline-scheduler-stop");
    stopper.setDaemon(true);
    stopper.start();
  }

  @Override
  public boolean isRunning() {
    return scheduler.isRunning();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
