package io.pipelinescheduler;

import io.pipelinescheduler.internal.config.Names;
import io.pipelinescheduler.internal.engine.DefinitionShape;
import io.pipelinescheduler.internal.engine.JobSpec;
import io.pipelinescheduler.internal.engine.RunningRuns;
import io.pipelinescheduler.internal.engine.ScheduleDefinition;
import io.pipelinescheduler.internal.engine.ScheduleRegistry;
import io.pipelinescheduler.internal.engine.SchedulerEngine;
import io.pipelinescheduler.internal.engine.SchedulerHealth;
import io.pipelinescheduler.internal.engine.TimingShown;
import io.pipelinescheduler.internal.lock.LockBackends;
import io.pipelinescheduler.internal.notify.Notifications;
import io.pipelinescheduler.internal.observe.CompositeSchedulerListener;
import io.pipelinescheduler.internal.observe.MicrometerSchedulerListener;
import io.pipelinescheduler.internal.store.ScheduleStores;
import io.pipelinescheduler.internal.time.DateExclusions;
import io.pipelinescheduler.spi.StoredJson;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable job scheduler. Create one per application with {@link #create(SchedulerConfig)},
 * register schedules (at every start-up: a name that exists is replaced and keeps its state and
 * history), then {@link #start()}. Thread-safe.
 *
 * <pre>{@code
 * try (PipelineScheduler scheduler = PipelineScheduler.create()) {
 *   scheduler.scheduleDaily("report", ctx -> sendReport(), 9, 0);
 *   scheduler.scheduleInterval("poll", ctx -> poll(), Duration.ofMinutes(5));
 *   scheduler.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>A job that throws fails its run, never the scheduler. Bad definitions fail at the call with an
 * {@link InvalidScheduleException} before anything is stored; {@code null} arguments get a {@link
 * NullPointerException} naming the parameter.
 */
public final class PipelineScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PipelineScheduler.class);

  private final SchedulerConfig config;
  private final ScheduleStore store;
  private final LockBackend locks;
  private final CompositeSchedulerListener listeners = new CompositeSchedulerListener();
  private final MicrometerSchedulerListener meters;
  private final Notifications notifications;
  private final ScheduleRegistry registry;
  private final SchedulerEngine engine;
  private final Map<String, JobType> jobTypes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * False for a scheduler of the library's own (see {@link RunPathWarmUp}): it logs no INFO line.
   */
  private final boolean logsAtInfo;

  private PipelineScheduler(
      SchedulerConfig config, ScheduleStore store, LockBackend locks, boolean logsAtInfo) {
    this.config = config;
    this.logsAtInfo = logsAtInfo;
    this.store = store;
    this.locks = locks;
    this.registry = new ScheduleRegistry(store, config.clock());
    this.meters = new MicrometerSchedulerListener(config.meterRegistry());
    this.meters.registerScheduleCount(registry::size);
    this.meters.tagSchedulesWith(registry::meterTag);
    listeners.add(meters);
    this.notifications =
        new Notifications(config.notifications(), config.clock(), registry::policy);
    listeners.add(notifications);
    registry.onRemoved(notifications::forget);
    this.engine =
        new SchedulerEngine(
            config, store, locks, listeners, registry, jobTypes::keySet, logsAtInfo);
    registry.setRestorer((name, data) -> ScheduleData.define(this, name, data));
  }

  /** A scheduler configured from {@code SCHEDULER_*} environment variables. */
  public static PipelineScheduler create() {
    return create(SchedulerConfig.fromEnvironment());
  }

  /**
   * A scheduler for this configuration: opens its store and lock backend (found on the class path)
   * but does not start firing until {@link #start()}. The first call in a JVM also runs one empty
   * job on a private in-memory scheduler, beside the opening of the store, so that the first slot
   * after {@code start()} does not wait for the JVM to load the run path (see {@link
   * RunPathWarmUp}).
   *
   * @throws SchedulerException when persistence is on and no store module is on the class path, or
   *     the store or lock backend cannot be opened
   */
  public static PipelineScheduler create(SchedulerConfig config) {
    Objects.requireNonNull(config, "config");
    RunPathWarmUp warmUp =
        RunPathWarmUp.startOnce(config.persistSchedules() || config.distributed());
    try {
      return open(config, true);
    } finally {
      warmUp.await();
    }
  }

  /**
   * Opens the store and lock backend of {@code config} and builds a scheduler over them; {@code
   * logsAtInfo} false only for the library's own (see {@link RunPathWarmUp}).
   */
  static PipelineScheduler open(SchedulerConfig config, boolean logsAtInfo) {
    ScheduleStore store = ScheduleStores.open(config);
    LockBackend locks;
    try {
      locks = LockBackends.open(config, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    return new PipelineScheduler(config, store, locks, logsAtInfo);
  }

  // ---- defining schedules ----

  /** A Unix 5-field cron schedule in the scheduler's zone, e.g. {@code "0 9 * * 1-5"}. */
  public ScheduleInfo scheduleCron(String name, Job job, String cronExpression) {
    Objects.requireNonNull(job, "job");
    return schedule(name).cron(cronExpression).run(job);
  }

  /** A Unix 5-field cron schedule in {@code zone}. */
  public ScheduleInfo scheduleCron(String name, Job job, String cronExpression, ZoneId zone) {
    Objects.requireNonNull(job, "job");
    return schedule(name).cron(cronExpression).timezone(zone).run(job);
  }

  /** Every day at {@code hour:minute} (0-23, 0-59) in the scheduler's zone. */
  public ScheduleInfo scheduleDaily(String name, Job job, int hour, int minute) {
    Objects.requireNonNull(job, "job");
    return schedule(name).daily(hour, minute).run(job);
  }

  /** Every day at {@code hour:minute} in {@code zone}. */
  public ScheduleInfo scheduleDaily(String name, Job job, int hour, int minute, ZoneId zone) {
    Objects.requireNonNull(job, "job");
    return schedule(name).daily(hour, minute).timezone(zone).run(job);
  }

  /** Every hour at {@code minute} (0-59). */
  public ScheduleInfo scheduleHourly(String name, Job job, int minute) {
    Objects.requireNonNull(job, "job");
    return schedule(name).hourly(minute).run(job);
  }

  /** Every hour at {@code minute} in {@code zone} (which matters for zones with odd offsets). */
  public ScheduleInfo scheduleHourly(String name, Job job, int minute, ZoneId zone) {
    Objects.requireNonNull(job, "job");
    return schedule(name).hourly(minute).timezone(zone).run(job);
  }

  /**
   * Every {@code every}, at slots counted from the Unix epoch (30 min fires at :00 and :30 UTC).
   */
  public ScheduleInfo scheduleInterval(String name, Job job, Duration every) {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(every, "every");
    return schedule(name).every(every).run(job);
  }

  /** Every {@code hours + minutes + seconds}; each part must not be negative, the sum positive. */
  public ScheduleInfo scheduleInterval(
      String name, Job job, long hours, long minutes, long seconds) {
    Objects.requireNonNull(job, "job");
    return schedule(name).every(hours, minutes, seconds).run(job);
  }

  /**
   * The fluent form: choose one timing, any options, then {@code run(job)}. Every way of creating a
   * schedule (the {@code scheduleXxx} shortcuts, {@link #importSchedules}) goes through it.
   *
   * @throws InvalidScheduleException when the name is blank, longer than {@value
   *     ScheduleBuilder#MAX_NAME_LENGTH} characters, has a control character (NUL, line break, tab,
   *     ...) or leading or trailing whitespace; the message shows the name cut and escaped
   */
  public ScheduleBuilder schedule(String name) {
    return builder(name, null);
  }

  /**
   * Creates or replaces many schedules at once: {@code definitions} adds them to a {@link
   * ScheduleBatch} with the same fluent builder as {@link #schedule(String)}, e.g.
   *
   * <pre>{@code
   * scheduler.scheduleAll(batch -> ids.forEach(id ->
   *     batch.schedule("invoice-" + id).once(at).run("send-invoice", Map.of("id", id))));
   * }</pre>
   *
   * <p>Every definition is validated before anything is stored: when one is invalid, nothing is
   * stored or registered. Then all are written with one store call (one transaction in the JPA
   * store, so all or none) and registered, each as {@code schedule(name)...run(...)} would: a
   * schedule replaced keeps its enabled state, its history and (when its timing is unchanged) its
   * last slot. Costs three store calls however many schedules the batch holds (the stored state and
   * latest runs of names new to this instance, then the write); a batch of one costs one, as {@code
   * schedule(name)...run(...)} does.
   *
   * @return what was registered, in the order defined
   * @throws InvalidScheduleException naming the schedule and the field and value of an invalid
   *     definition, a name given twice in the batch, or a schedule begun with {@code
   *     batch.schedule(name)} but not finished with {@code run(...)}
   * @throws SchedulerException when the store fails; nothing is then registered
   */
  public List<ScheduleInfo> scheduleAll(Consumer<ScheduleBatch> definitions) {
    Objects.requireNonNull(definitions, "definitions");
    ScheduleBatch batch = new ScheduleBatch(this);
    try {
      definitions.accept(batch);
    } finally {
      batch.close();
    }
    return registry.registerAll(batch.finish(), batch.shownByName());
  }

  /** A builder that registers at {@code run} (no batch) or adds to {@code batch}. */
  ScheduleBuilder builder(String name, ScheduleBatch batch) {
    Objects.requireNonNull(name, "name");
    String problem = Names.problem(name);
    if (problem != null) {
      throw new InvalidScheduleException(name, problem);
    }
    return new ScheduleBuilder(this, name, batch);
  }

  /**
   * Registers a job type, so that schedules created with {@code run(type, params)} (here, on
   * another instance or before a restart) can run on this instance.
   *
   * @throws SchedulerException when the type name breaks the rule for names (blank, longer than
   *     {@value ScheduleBuilder#MAX_NAME_LENGTH} characters, control characters, leading or
   *     trailing whitespace)
   */
  public void registerJobType(String type, JobType handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    String problem = Names.problem(type);
    if (problem != null) {
      throw new SchedulerException(
          "job type '" + Names.show(type) + "': " + problem.replace("name ", "job type name "));
    }
    jobTypes.put(type, handler);
  }

  // ---- looking at schedules ----

  /**
   * Every registered schedule, and every stored one not registered here, sorted by name; each with
   * its running state read from the store (one query for all).
   */
  public List<ScheduleInfo> listSchedules() {
    try {
      List<ScheduleInfo> schedules = registry.list();
      return RunningRuns.read(store).mark(schedules);
    } catch (SchedulerException e) {
      engine.storeReadFailed("listSchedules", e);
      throw e;
    }
  }

  /**
   * The schedule of this name, if registered, with its running state read from the store; when the
   * store cannot be read it is shown as not running (and health turns DEGRADED).
   */
  public Optional<ScheduleInfo> getSchedule(String name) {
    Objects.requireNonNull(name, "name");
    Optional<ScheduleInfo> info = registry.info(name);
    if (info.isEmpty()) {
      return info;
    }
    try {
      return Optional.of(RunningRuns.read(store).mark(info.get()));
    } catch (SchedulerException e) {
      engine.storeReadFailed("findRuns", e);
      return info;
    }
  }

  /**
   * The next {@code count} fire times after now in the schedule's zone; empty for manual, finished
   * or disabled schedules.
   *
   * @throws UnknownScheduleException when no such schedule is registered
   */
  public List<ZonedDateTime> nextRuns(String name, int count) {
    Objects.requireNonNull(name, "name");
    return registry.nextRuns(name, count);
  }

  /**
   * The holiday calendar of a registered schedule: the dates whose slots it skips ({@link
   * ScheduleBuilder#excluding}); empty when it has none.
   *
   * @throws UnknownScheduleException when no such schedule is registered
   */
  public Optional<HolidayCalendar> getHolidayCalendar(String name) {
    Objects.requireNonNull(name, "name");
    DateExclusions dates = registry.excluded(name);
    return dates.isEmpty() ? Optional.empty() : Optional.of(HolidayCalendar.from(dates));
  }

  /** Runs of a schedule, newest first, at most {@code limit}; kept after {@code unschedule}. */
  public List<ExecutionRecord> getHistory(String name, int limit) {
    Objects.requireNonNull(name, "name");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    try {
      return store.findHistory(name, limit);
    } catch (SchedulerException e) {
      engine.storeReadFailed("findHistory", e);
      throw e;
    }
  }

  /**
   * The latest runs of every schedule (also of schedules removed since) in these states, newest
   * first (by start), at most {@code limit}; every state when {@code statuses} is empty. With a
   * shared store, the runs of every instance.
   *
   * @throws IllegalArgumentException when {@code limit} is below 1
   */
  public List<ExecutionRecord> getRuns(Collection<ExecutionStatus> statuses, int limit) {
    Objects.requireNonNull(statuses, "statuses");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    try {
      return store.findRuns(Set.copyOf(statuses), limit);
    } catch (SchedulerException e) {
      engine.storeReadFailed("findRuns", e);
      throw e;
    }
  }

  /**
   * One run by its id (from this instance or, with a shared store, any other). A run still running
   * on this instance comes with the output captured so far.
   */
  public Optional<ExecutionRecord> getRun(String runId) {
    Objects.requireNonNull(runId, "runId");
    Optional<ExecutionRecord> live = engine.liveRun(runId);
    if (live.isPresent()) {
      return live;
    }
    try {
      return store.findRun(runId);
    } catch (SchedulerException e) {
      engine.storeReadFailed("findRun", e);
      throw e;
    }
  }

  // ---- steering ----

  /**
   * Switches a schedule on again; it goes on from its next slot (no catch-up).
   *
   * @throws UnknownScheduleException when no such schedule is registered
   */
  public void enable(String name) {
    Objects.requireNonNull(name, "name");
    registry.enable(name);
  }

  /**
   * Switches a schedule off; running runs finish. The state survives re-registration.
   *
   * @throws UnknownScheduleException when no such schedule is registered
   */
  public void disable(String name) {
    Objects.requireNonNull(name, "name");
    registry.disable(name);
  }

  /** Removes a schedule (running runs finish; history is kept); false when there was none. */
  public boolean unschedule(String name) {
    Objects.requireNonNull(name, "name");
    return registry.unschedule(name);
  }

  /** Removes every schedule; history is kept. */
  public void clear() {
    registry.clear();
  }

  /**
   * Starts one run now, whatever the schedule's type, enabled state or overlap policy. The future
   * completes with the run's record when it ends (its retries, if any, are separate records). With
   * a shared store, a run that waited here until another instance took it over (this instance could
   * not reach the store for longer than the heartbeat timeout) does not run here: the future then
   * completes exceptionally with a {@link SchedulerException} naming that instance, or saying that
   * the run was left QUEUED for another instance to take over. When it succeeds it triggers the
   * schedules {@linkplain ScheduleBuilder#after after} it, as a scheduled run would; see {@link
   * #runNow(String, boolean)} to run it alone.
   *
   * @throws UnknownScheduleException when no such schedule is registered
   * @throws SchedulerException when the scheduler is not started
   */
  public CompletableFuture<ExecutionRecord> runNow(String name) {
    return runNow(name, true);
  }

  /**
   * As {@link #runNow(String)}; with {@code triggerDownstream} false its success triggers no
   * schedule {@linkplain ScheduleBuilder#after after} it (a re-run of one step of a workflow).
   * Slots of {@linkplain ScheduleBuilder#dependsOn dependsOn} schedules waiting for it are checked
   * again either way.
   *
   * @throws UnknownScheduleException when no such schedule is registered
   * @throws SchedulerException when the scheduler is not started
   */
  public CompletableFuture<ExecutionRecord> runNow(String name, boolean triggerDownstream) {
    Objects.requireNonNull(name, "name");
    return engine.runNow(registry.require(name), triggerDownstream);
  }

  /**
   * Resumes a pipeline run that did not succeed from its failed step: starts a new manual run of
   * the run's schedule (as {@link #runNow}) in which the steps that succeeded in that run are
   * skipped (their outcomes are copied into the new run's {@link ExecutionRecord#steps()}, and
   * {@code step 'extract' skipped: it succeeded in the resumed run} is written to its output); the
   * first step that failed, and every step after it, run. Steps are matched by name against the
   * schedule's pipeline as it is now. The skipping holds on this instance: should the new run be
   * taken over by another instance (this one died before it started), it runs every step.
   *
   * @param runId a finished run that failed, timed out, was cancelled or abandoned, or succeeded
   *     with failed steps
   * @return the new run's record when it ends, as {@link #runNow}
   * @throws SchedulerException naming the run when it is unknown, has not ended, succeeded with
   *     every step, or its schedule's job is not a {@link Pipeline}; or when the scheduler is not
   *     started
   * @throws UnknownScheduleException when the run's schedule is no longer registered
   */
  public CompletableFuture<ExecutionRecord> resume(String runId) {
    Objects.requireNonNull(runId, "runId");
    ExecutionRecord earlier =
        getRun(runId)
            .orElseThrow(
                () -> new SchedulerException("run " + runId + " is unknown; nothing to resume"));
    if (!earlier.status().isFinal()) {
      throw new SchedulerException(
          "run " + runId + " is still " + earlier.status() + "; resume it once it has ended");
    }
    if (earlier.success() && earlier.failedSteps().isEmpty()) {
      throw new SchedulerException(
          "run " + runId + " succeeded with every step; nothing to resume");
    }
    return engine.resume(registry.require(earlier.scheduleName()), earlier);
  }

  /**
   * Starts one run now, like {@link #runNow}, but returns its record at once (for its {@code
   * runId}) instead of a future: QUEUED as claimed, or RUNNING when a worker has already taken it.
   *
   * @throws UnknownScheduleException when no such schedule is registered
   * @throws SchedulerException when the scheduler is not started or the run cannot be recorded
   */
  public ExecutionRecord startRun(String name) {
    return startRun(name, true);
  }

  /**
   * As {@link #startRun(String)}; with {@code triggerDownstream} false its success triggers no
   * schedule {@linkplain ScheduleBuilder#after after} it (see {@link #runNow(String, boolean)}).
   *
   * @throws UnknownScheduleException when no such schedule is registered
   * @throws SchedulerException when the scheduler is not started or the run cannot be recorded
   */
  public ExecutionRecord startRun(String name, boolean triggerDownstream) {
    Objects.requireNonNull(name, "name");
    return engine.startNow(registry.require(name), triggerDownstream);
  }

  /**
   * Asks a run to stop: it is interrupted (a command's process tree is killed) and recorded as
   * CANCELLED. A run that no worker has taken yet, including one listed as QUEUED a moment before
   * it is handed on, ends CANCELLED without starting. False when no such run is in flight on this
   * instance.
   */
  public boolean cancel(String runId) {
    Objects.requireNonNull(runId, "runId");
    return engine.cancel(runId);
  }

  /**
   * The data-defined schedules (those whose job is a registered job type, a {@link CommandJob} or a
   * {@link Pipeline} of command jobs) as a JSON array of {@code {"name", "definition"}}, sorted by
   * name. Schedules whose job is Java code are not included.
   */
  public String exportSchedules() {
    return StoredJson.exportDefinitions(registry.dataDefined());
  }

  /**
   * Registers every schedule of a JSON array written by {@link #exportSchedules()}, replacing
   * schedules of the same names. All entries are validated first: when one is invalid, nothing is
   * registered or stored. The rules are those of the REST API: optional fields left out get the
   * builder's defaults; an unknown field, a name given twice, a key given twice in one object, a
   * number out of range or JSON nested deeper than {@value StoredJson#MAX_DEPTH} levels is an
   * error; every value is checked as by {@link ScheduleBuilder} (names, instants, durations).
   *
   * @throws SchedulerException for malformed JSON, naming the line and column, or JSON nested too
   *     deep
   * @throws InvalidScheduleException naming the schedule and the field (and value) of an invalid
   *     definition, an unknown field, or a name that is given twice
   */
  public List<ScheduleInfo> importSchedules(String json) {
    Objects.requireNonNull(json, "json");
    List<ScheduleDefinition> definitions =
        StoredJson.importDefinitions(json).stream()
            .map(
                entry ->
                    ScheduleData.define(
                        this,
                        entry.name(),
                        DefinitionShape.normalize(entry.name(), entry.definition())))
            .toList();
    return registry.registerAll(definitions);
  }

  /** Adds a listener for runs, skips, misfires and backend errors. */
  public void addListener(SchedulerListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** UP, DEGRADED or DOWN, with run metrics and details of the store and lock backend. */
  public HealthStatus healthCheck() {
    return SchedulerHealth.of(engine, registry, store, locks, config, jobTypes.keySet());
  }

  // ---- lifecycle ----

  /** Starts firing; slots missed while stopped follow each schedule's misfire policy. */
  public void start() {
    if (closed) {
      throw new SchedulerException("the scheduler is closed; create a new one");
    }
    if (config.persistSchedules()) {
      // An in-memory store holds only what this scheduler registered itself: nothing to restore.
      registry.restoreStored();
    }
    // One start line: the effective configuration (STYLE.md §6) with what was restored.
    if (logsAtInfo) {
      log.info(
          "pipeline-scheduler starting with {} schedules ({} stored ones not restored): {}",
          registry.size(),
          registry.invalidStored().size(),
          config);
    }
    engine.start();
  }

  /**
   * Stops firing and waits up to the shutdown grace for running jobs; those still running are then
   * interrupted and recorded as CANCELLED. May be started again.
   */
  public void stop() {
    engine.stop(config.shutdownGrace(), config.interruptGrace());
  }

  /** True between {@link #start()} and {@link #stop()}. */
  public boolean isRunning() {
    return engine.isRunning();
  }

  /** {@link #stop()}, then releases the store, the lock backend and this scheduler's meters. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    stop();
    closed = true;
    engine.close();
    notifications.close();
    meters.close();
    locks.close();
    store.close();
  }

  // ---- for ScheduleBuilder ----

  /** See {@link ScheduleRegistry#register(ScheduleDefinition, String)}. */
  ScheduleInfo register(ScheduleDefinition definition, TimingShown shown) {
    return registry.register(definition, shown);
  }

  ZoneId defaultZone() {
    return config.timezone();
  }

  java.time.Instant now() {
    return config.clock().instant();
  }

  java.time.Instant anchorFor(String name) {
    return registry.anchorFor(name);
  }

  Job jobOfType(JobSpec spec) {
    return context -> {
      JobType handler = jobTypes.get(spec.type());
      if (handler == null) {
        throw new SchedulerException(
            "schedule '"
                + context.scheduleName()
                + "': job type '"
                + spec.type()
                + "' is not registered on this instance; call registerJobType first");
      }
      handler.run(context, spec.params());
    };
  }
}
