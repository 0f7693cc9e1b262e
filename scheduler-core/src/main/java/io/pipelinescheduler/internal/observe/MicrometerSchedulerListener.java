package io.pipelinescheduler.internal.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.ExecutionStatus;
import io.pipelinescheduler.MisfirePolicy;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The Micrometer binding of the scheduler: the one place where meters are named and recorded.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code pipeline.scheduler.runs}</td><td>counter</td><td>{@code schedule},
 *       {@code outcome}</td><td>finished runs; {@code outcome} is the lower-case
 *       {@link io.pipelinescheduler.ExecutionStatus} name: {@code succeeded}, {@code failed},
 *       {@code timed_out}, {@code cancelled}, {@code abandoned}</td></tr>
 *   <tr><td>{@code pipeline.scheduler.run.duration}</td><td>timer</td><td>{@code schedule},
 *       {@code outcome}</td><td>how long finished runs ran</td></tr>
 *   <tr><td>{@code pipeline.scheduler.run.lateness}</td><td>timer</td><td>{@code schedule}</td>
 *       <td>start minus slot of started runs (a negative lateness counts as zero)</td></tr>
 *   <tr><td>{@code pipeline.scheduler.runs.active}</td><td>gauge</td><td>none</td><td>runs
 *       started and not yet finished</td></tr>
 *   <tr><td>{@code pipeline.scheduler.retries}</td><td>counter</td><td>{@code schedule}</td>
 *       <td>retries scheduled after a failed run</td></tr>
 *   <tr><td>{@code pipeline.scheduler.skips}</td><td>counter</td><td>{@code schedule},
 *       {@code reason}</td><td>due slots that did not run; {@code reason} is the lower-case
 *       {@link SkipReason}: {@code overlap}, {@code dependency}, {@code misfire},
 *       {@code claimed_elsewhere}, {@code backend_unavailable}, {@code holiday}</td></tr>
 *   <tr><td>{@code pipeline.scheduler.misfires}</td><td>counter</td><td>{@code schedule},
 *       {@code policy}</td><td>missed slots, by the lower-case {@link MisfirePolicy} applied
 *       ({@code fire_once}, {@code skip}, {@code fire_all})</td></tr>
 *   <tr><td>{@code pipeline.scheduler.claims}</td><td>counter</td><td>{@code schedule},
 *       {@code result}</td><td>slot claims by this instance; {@code result} is {@code won} or
 *       {@code lost}</td></tr>
 *   <tr><td>{@code pipeline.scheduler.leases.lost}</td><td>counter</td><td>{@code schedule}</td>
 *       <td>claims lost while their run was running</td></tr>
 *   <tr><td>{@code pipeline.scheduler.backend.errors}</td><td>counter</td><td>{@code backend},
 *       {@code operation}</td><td>failed store or lock backend operations</td></tr>
 *   <tr><td>{@code pipeline.scheduler.schedules}</td><td>gauge</td><td>none</td><td>schedules
 *       registered, once {@link #registerScheduleCount} was called</td></tr>
 * </table>
 *
 * <p>The {@code schedule} tag is the schedule's name, or what {@link #tagSchedulesWith} makes of
 * it: the scheduler tags every one-shot schedule {@code once}.
 *
 * <p>Every meter also carries the common tags given to the constructor (none by default). Several
 * schedulers that share one registry should each be given a distinguishing common tag (such as
 * {@code instance}); otherwise they share meters, and closing one removes the meters of all.
 *
 * <p>Thread-safe: callbacks may come from any thread. Callbacks never throw for a null tag value
 * (it is recorded as {@code unknown}). After {@link #close()} callbacks record nothing.
 */
public final class MicrometerSchedulerListener implements SchedulerListener, AutoCloseable {
  static final String RUNS = "pipeline.scheduler.runs";
  static final String RUN_DURATION = "pipeline.scheduler.run.duration";
  static final String RUN_LATENESS = "pipeline.scheduler.run.lateness";
  static final String RUNS_ACTIVE = "pipeline.scheduler.runs.active";
  static final String RETRIES = "pipeline.scheduler.retries";
  static final String SKIPS = "pipeline.scheduler.skips";
  static final String MISFIRES = "pipeline.scheduler.misfires";
  static final String CLAIMS = "pipeline.scheduler.claims";
  static final String LEASES_LOST = "pipeline.scheduler.leases.lost";
  static final String BACKEND_ERRORS = "pipeline.scheduler.backend.errors";
  static final String SCHEDULES = "pipeline.scheduler.schedules";

  private static final String UNKNOWN = "unknown";

  private final MeterRegistry registry;
  private final Tags commonTags;

  /**
   * Runs started and not yet finished, with the meters chosen at the start: a run's end is recorded
   * under the same {@code schedule} tag even when its schedule was removed meanwhile. A finish
   * without a start does not drive the gauge negative.
   */
  private final Map<String, ScheduleMeters> active = new ConcurrentHashMap<>();

  private final Set<Meter.Id> owned = ConcurrentHashMap.newKeySet();

  /**
   * Meters by name and tags, so that an event costs one map lookup rather than building a meter id
   * and going through the registry's lock each time.
   */
  private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();

  /**
   * A meter's name and tags. Its {@code equals} and {@code hashCode} are written out: a record's
   * generated ones are linked at their first call, a few milliseconds of a cold JVM spent on the
   * first run's path.
   */
  private record MeterKey(String name, Tags tags) {
    @Override
    public boolean equals(Object o) {
      return o instanceof MeterKey k && name.equals(k.name) && tags.equals(k.tags);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + tags.hashCode();
    }
  }

  /**
   * The meters tagged with one {@code schedule} value, by that value: an event of a schedule costs
   * one lookup by its name, with no tags built.
   */
  private final Map<String, ScheduleMeters> bySchedule = new ConcurrentHashMap<>();

  private volatile UnaryOperator<String> scheduleTag = UnaryOperator.identity();

  private volatile boolean closed;

  /**
   * Binds to {@code registry} with no common tags and registers the {@code runs.active} gauge.
   *
   * @throws NullPointerException if {@code registry} is null
   */
  public MicrometerSchedulerListener(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Binds to {@code registry}, adding {@code commonTags} to every meter, and registers the {@code
   * runs.active} gauge.
   *
   * @throws NullPointerException if an argument is null
   */
  public MicrometerSchedulerListener(MeterRegistry registry, Iterable<Tag> commonTags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.commonTags = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
    track(
        Gauge.builder(RUNS_ACTIVE, active, Map::size)
            .tags(this.commonTags)
            .description("Runs started and not yet finished")
            .register(registry));
  }

  /**
   * Registers the {@code pipeline.scheduler.schedules} gauge, read from {@code scheduleCount} each
   * time the registry is scraped. The supplier is held strongly until {@link #close()}; it must be
   * quick and thread-safe. Calling it again replaces nothing: the first supplier stays bound.
   *
   * @throws NullPointerException if {@code scheduleCount} is null
   */
  public void registerScheduleCount(IntSupplier scheduleCount) {
    Objects.requireNonNull(scheduleCount, "scheduleCount");
    if (closed) {
      return;
    }
    track(
        Gauge.builder(SCHEDULES, scheduleCount, IntSupplier::getAsInt)
            .strongReference(true)
            .tags(commonTags)
            .description("Schedules registered")
            .register(registry));
  }

  /**
   * Sets how a schedule's name becomes the value of its {@code schedule} tag (by default the name
   * itself), so that schedules made per event can share one series instead of adding one each. The
   * function must be quick and thread-safe; its result null is recorded as {@code unknown}.
   *
   * @throws NullPointerException if {@code tagOfSchedule} is null
   */
  public void tagSchedulesWith(UnaryOperator<String> tagOfSchedule) {
    this.scheduleTag = Objects.requireNonNull(tagOfSchedule, "tagOfSchedule");
  }

  @Override
  public void onRunStarted(ExecutionRecord run, Duration lateness) {
    if (closed) {
      return;
    }
    Duration late = lateness == null || lateness.isNegative() ? Duration.ZERO : lateness;
    ScheduleMeters meters = schedule(run.scheduleName());
    active.put(run.runId(), meters);
    ((Timer)
            meters.get(
                ScheduleMeters.LATENESS,
                () -> timer(RUN_LATENESS, "Start minus slot of started runs", meters.tags)))
        .record(late);
  }

  @Override
  public void onRunSucceeded(ExecutionRecord run) {
    finished(run);
  }

  @Override
  public void onRunFailed(ExecutionRecord run) {
    finished(run);
  }

  private void finished(ExecutionRecord run) {
    ScheduleMeters started = active.remove(run.runId());
    if (closed) {
      return;
    }
    ScheduleMeters meters = started != null ? started : schedule(run.scheduleName());
    ExecutionStatus status = run.status();
    Duration took = run.duration().isNegative() ? Duration.ZERO : run.duration();
    if (status == null) {
      Tags tags = meters.tags.and("outcome", UNKNOWN);
      counter(RUNS, "Finished runs", tags).increment();
      timer(RUN_DURATION, "How long finished runs ran", tags).record(took);
      return;
    }
    // The outcome's tags are built only when its meters are made, not on every run.
    ((Counter)
            meters.get(
                ScheduleMeters.RUNS + status.ordinal(),
                () -> counter(RUNS, "Finished runs", meters.tags.and("outcome", lower(status)))))
        .increment();
    ((Timer)
            meters.get(
                ScheduleMeters.DURATION + status.ordinal(),
                () ->
                    timer(
                        RUN_DURATION,
                        "How long finished runs ran",
                        meters.tags.and("outcome", lower(status)))))
        .record(took);
  }

  @Override
  public void onRetryScheduled(ExecutionRecord failed, Instant retryAt) {
    count(
        failed.scheduleName(), ScheduleMeters.RETRIES, RETRIES, "Retries scheduled", null, null, 1);
  }

  @Override
  public void onSlotSkipped(String scheduleName, Instant slot, SkipReason reason, String detail) {
    count(
        scheduleName,
        reason == null ? -1 : ScheduleMeters.SKIPS + reason.ordinal(),
        SKIPS,
        "Due slots that did not run",
        "reason",
        lower(reason),
        1);
  }

  @Override
  public void onMisfire(String scheduleName, long missed, MisfirePolicy policy) {
    if (missed > 0) {
      count(
          scheduleName,
          policy == null ? -1 : ScheduleMeters.MISFIRES + policy.ordinal(),
          MISFIRES,
          "Missed slots",
          "policy",
          lower(policy),
          missed);
    }
  }

  @Override
  public void onClaim(String scheduleName, Instant slot, boolean won) {
    count(
        scheduleName,
        won ? ScheduleMeters.CLAIMS_WON : ScheduleMeters.CLAIMS_LOST,
        CLAIMS,
        "Slot claims",
        "result",
        won ? "won" : "lost",
        1);
  }

  @Override
  public void onLeaseLost(String scheduleName, String runId) {
    count(
        scheduleName,
        ScheduleMeters.LEASES_LOST,
        LEASES_LOST,
        "Claims lost while running",
        null,
        null,
        1);
  }

  @Override
  public void onBackendError(String backend, String operation, Exception error) {
    if (closed) {
      return;
    }
    Tags tags = commonTags.and("backend", orUnknown(backend), "operation", orUnknown(operation));
    counter(BACKEND_ERRORS, "Failed backend operations", tags).increment();
  }

  /**
   * Removes every meter this listener registered from the registry and stops recording. Meters with
   * the same names and tags registered by others are removed too (see the class comment).
   * Idempotent; never throws.
   */
  @Override
  public void close() {
    closed = true;
    meters.clear();
    bySchedule.clear();
    for (Meter.Id id : owned) {
      registry.remove(id);
      owned.remove(id);
    }
    active.clear();
  }

  /**
   * Adds {@code amount} to the counter {@code name} of a schedule, with one more tag when {@code
   * key} is not null; {@code slot} is its place among the schedule's meters, or -1 for one that is
   * not kept there.
   */
  private void count(
      String scheduleName,
      int slot,
      String name,
      String description,
      String key,
      String value,
      double amount) {
    if (closed) {
      return;
    }
    ScheduleMeters meters = schedule(scheduleName);
    Supplier<Meter> create =
        () -> counter(name, description, key == null ? meters.tags : meters.tags.and(key, value));
    ((Counter) (slot < 0 ? create.get() : meters.get(slot, create))).increment(amount);
  }

  private ScheduleMeters schedule(String scheduleName) {
    String tag = scheduleName == null ? UNKNOWN : orUnknown(scheduleTag.apply(scheduleName));
    return bySchedule.computeIfAbsent(
        tag, value -> new ScheduleMeters(commonTags.and("schedule", value)));
  }

  private Counter counter(String name, String description, Tags tags) {
    return (Counter)
        meters.computeIfAbsent(
            new MeterKey(name, tags),
            key ->
                track(
                    Counter.builder(name).tags(tags).description(description).register(registry)));
  }

  private Timer timer(String name, String description, Tags tags) {
    return (Timer)
        meters.computeIfAbsent(
            new MeterKey(name, tags),
            key ->
                track(Timer.builder(name).tags(tags).description(description).register(registry)));
  }

  /**
   * Remembers a meter for {@link #close()}. A meter registered while {@code close()} runs is either
   * seen by its loop or removed here, because {@code closed} is set before the loop starts.
   */
  private <M extends Meter> M track(M meter) {
    Meter.Id id = meter.getId();
    owned.add(id);
    if (closed) {
      registry.remove(id);
      owned.remove(id);
    }
    return meter;
  }

  /**
   * The meters of one {@code schedule} tag value, each made at its first event. Two threads that
   * make the same meter at once get the same one from the registry.
   */
  private static final class ScheduleMeters {
    static final int LATENESS = 0;
    static final int RETRIES = 1;
    static final int CLAIMS_WON = 2;
    static final int CLAIMS_LOST = 3;
    static final int LEASES_LOST = 4;
    static final int RUNS = 5;
    static final int DURATION = RUNS + ExecutionStatus.values().length;
    static final int SKIPS = DURATION + ExecutionStatus.values().length;
    static final int MISFIRES = SKIPS + SkipReason.values().length;
    static final int SIZE = MISFIRES + MisfirePolicy.values().length;

    final Tags tags;
    private final AtomicReferenceArray<Meter> meters = new AtomicReferenceArray<>(SIZE);

    ScheduleMeters(Tags tags) {
      this.tags = tags;
    }

    Meter get(int slot, Supplier<Meter> create) {
      Meter meter = meters.get(slot);
      if (meter == null) {
        meter = create.get();
        meters.set(slot, meter);
      }
      return meter;
    }
  }

  private static String lower(Enum<?> value) {
    return value == null ? UNKNOWN : value.name().toLowerCase(Locale.ROOT);
  }

  private static String orUnknown(String value) {
    return value == null ? UNKNOWN : value;
  }
}
