package io.pipelinescheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pipelinescheduler.internal.lock.LocalLockBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and links the run path once per JVM, at the first {@link PipelineScheduler#create}: one
 * empty one-shot runs on a private in-memory scheduler (its own store, backend and meter registry;
 * no listener of the application's, no log line of its start or its run), on a thread of its own
 * while the caller opens its store, and the scheduler is closed again before {@code create()}
 * returns (unless that takes over {@link #LIMIT}). Without it the first slot after {@code start()}
 * waits for the JVM to load and link the classes, lambdas and Micrometer meters of the timer, the
 * slot rules, the run, the workers and the listeners: about 25 ms of a cold JVM, against about 1 ms
 * once linked (docs/benchmarks.md, issue 20, fourth round). It takes the claim path the caller's
 * scheduler will take: the in-memory one, or for a store or a shared lock backend the claim and
 * record threads (on a lock backend of its own in this process; the store's JDBC writes are
 * prepared by the store's open on PostgreSQL). A failed or slow warm-up never fails {@code
 * create()}: it is logged at DEBUG and waited for at most {@link #LIMIT}. It costs {@code create()}
 * about 60–95 ms in memory (less beside a store's open), once per JVM; {@code
 * -Dpipeline.scheduler.warm-up=false} turns it off, for an application that would rather have
 * {@code create()} return sooner than its first run start sooner.
 *
 * <p>In this package rather than an internal one: it builds its scheduler through the
 * package-private {@link PipelineScheduler#open}, which keeps the quiet variant out of the API.
 */
final class RunPathWarmUp {
  private static final Logger log = LoggerFactory.getLogger(RunPathWarmUp.class);

  /** The longest {@code create()} waits for the warm-up. */
  static final Duration LIMIT = Duration.ofSeconds(2);

  /** The system property that turns the warm-up off when {@code false}. */
  static final String PROPERTY = "pipeline.scheduler.warm-up";

  /** The warm-up's thread. */
  static final String THREAD = "pipeline-scheduler-warm-up";

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private static final RunPathWarmUp DONE = new RunPathWarmUp(null);

  private final Thread thread;

  private RunPathWarmUp(Thread thread) {
    this.thread = thread;
  }

  /**
   * Starts the warm-up if it is {@linkplain #enabled() on} and no earlier call in this JVM did;
   * otherwise returns one that is already done. {@code batched}: the caller's scheduler claims
   * through a store or a shared lock backend, so that path is the one warmed up.
   */
  static RunPathWarmUp startOnce(boolean batched) {
    if (!enabled() || !STARTED.compareAndSet(false, true)) {
      return DONE;
    }
    Thread thread = new Thread(() -> runOneJob(batched), THREAD);
    thread.setDaemon(true);
    try {
      thread.start();
    } catch (OutOfMemoryError e) { // no native thread left: create() goes on without it
      log.debug("pipeline-scheduler: the run path's warm-up did not start: {}", e.toString());
      return DONE;
    }
    return new RunPathWarmUp(thread);
  }

  /** False when {@link #PROPERTY} is {@code false}. */
  static boolean enabled() {
    return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
  }

  /** Waits for the warm-up to end (its scheduler closed), at most {@link #LIMIT}. */
  void await() {
    if (thread == null) {
      return;
    }
    try {
      thread.join(LIMIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs one empty one-shot on a private in-memory scheduler and closes it; true when the run ended
   * within {@link #LIMIT}. {@code batched}: on the claim path of a store or a shared lock backend
   * (the claim and record threads), else on the in-memory one.
   */
  static boolean runOneJob(boolean batched) {
    SchedulerConfig.Builder builder =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .instanceId("warm-up")
            .maxConcurrentRuns(1)
            .meterRegistry(new SimpleMeterRegistry());
    if (batched) {
      // The claim path of a store or a shared backend: the claim thread, the record thread and
      // the lock backend's claims, here on a backend of its own in this process.
      builder.distributed(true).lockBackend(new LocalLockBackend(Clock.systemUTC()));
    }
    SchedulerConfig config = builder.build();
    CountDownLatch ended = new CountDownLatch(1);
    try (PipelineScheduler scheduler = PipelineScheduler.open(config, false)) {
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onRunSucceeded(ExecutionRecord run) {
              ended.countDown();
            }

            @Override
            public void onRunFailed(ExecutionRecord run) {
              log.debug(
                  "pipeline-scheduler: the run path's warm-up run ended {}: {}",
                  run.status(),
                  run.error());
              ended.countDown();
            }
          });
      scheduler.schedule("warm-up").once(Instant.now()).run(context -> {});
      scheduler.start();
      if (ended.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      log.debug("pipeline-scheduler: the run path's warm-up did not end within {}", LIMIT);
    } catch (RuntimeException | LinkageError e) {
      log.debug("pipeline-scheduler: the run path's warm-up failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
