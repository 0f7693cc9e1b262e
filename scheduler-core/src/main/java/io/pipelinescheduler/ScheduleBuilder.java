package io.pipelinescheduler;

import io.pipelinescheduler.internal.config.Names;
import io.pipelinescheduler.internal.engine.JobSpec;
import io.pipelinescheduler.internal.engine.RunPolicy;
import io.pipelinescheduler.internal.engine.ScheduleDefinition;
import io.pipelinescheduler.internal.engine.TimingShown;
import io.pipelinescheduler.internal.notify.Addresses;
import io.pipelinescheduler.internal.notify.ScheduleNotify;
import io.pipelinescheduler.internal.time.DateExclusions;
import io.pipelinescheduler.internal.time.TimeLimits;
import io.pipelinescheduler.internal.time.Timing;
import io.pipelinescheduler.internal.time.Timings;
import io.pipelinescheduler.spi.Secrets;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fluent form of a schedule: {@code scheduler.schedule("name")}, then exactly one timing, then
 * any options, ending with the verb {@link #run(Job)}. Nothing is stored until {@code run}; a bad
 * value fails at once with an {@link InvalidScheduleException} naming it. Not thread-safe: use one
 * builder per schedule on one thread.
 *
 * <p>Limits, the same on every path (this builder, the {@code scheduleXxx} shortcuts, {@code
 * importSchedules}, the REST API) and for every store:
 *
 * <ul>
 *   <li>names (of the schedule, in {@link #after} and {@link #dependsOn}, of a job type): 1 to
 *       {@value #MAX_NAME_LENGTH} characters, no control characters (NUL, line breaks, tabs), no
 *       leading or trailing whitespace;
 *   <li>instants ({@link #once}, {@link #startAt}, {@link #endAt}, and the first run a timing
 *       computes): from {@link #EARLIEST} (1970-01-01T00:00:00Z) to {@link #LATEST}
 *       (9999-12-31T23:59:59Z);
 *   <li>intervals and timeouts: from {@link #MIN_DURATION} (1 ms) to {@link #MAX_DURATION} (36,500
 *       days); retry delays from zero to {@link #MAX_DURATION}; at most {@value #MAX_RETRIES}
 *       retries.
 * </ul>
 *
 * <pre>{@code
 * scheduler.schedule("daily_etl")
 *     .cron("0 2 * * *")
 *     .timezone(ZoneId.of("Europe/Berlin"))
 *     .retries(3, Duration.ofMinutes(1))
 *     .timeout(Duration.ofHours(1))
 *     .run(etlPipeline);
 * }</pre>
 */
public final class ScheduleBuilder {
  /** The longest schedule (or job type) name, in characters: {@value}. */
  public static final int MAX_NAME_LENGTH = Names.MAX_LENGTH;

  /** The earliest instant a schedule may name: 1970-01-01T00:00:00Z. */
  public static final Instant EARLIEST = TimeLimits.EARLIEST;

  /** The latest instant a schedule may name: 9999-12-31T23:59:59Z. */
  public static final Instant LATEST = TimeLimits.LATEST;

  /** The shortest interval and timeout: 1 millisecond. */
  public static final Duration MIN_DURATION = TimeLimits.MIN_DURATION;

  /** The longest interval, timeout and retry delay: 36,500 days (about 100 years). */
  public static final Duration MAX_DURATION = TimeLimits.MAX_DURATION;

  /** The most retries of one slot: {@value}. */
  public static final int MAX_RETRIES = 100;

  /** Builds the timing once the zone, start and anchor are known. */
  private interface TimingFactory {
    Timing create(ZoneId zone, Instant startAt);
  }

  private final PipelineScheduler scheduler;
  private final String name;
  private TimingFactory timing;
  private TimingData timingData;

  /**
   * What the timing of the last definition made shows, its spec and description ({@link
   * #checkFirstRun}), handed to the registration so that they are not worked out again.
   */
  private TimingShown timingShown;

  private ZoneId zone;
  private Instant startAt;
  private Instant endAt;
  private int maxRetries;
  private Duration firstRetryDelay = Duration.ZERO;
  private Duration timeout;
  private OverlapPolicy overlap = OverlapPolicy.QUEUE;
  private MisfirePolicy misfire = MisfirePolicy.FIRE_ONCE;
  // Empty and shared until something is added: most schedules have none of these.
  private List<String> dependsOn = List.of();
  private String description;
  private List<String> notifyEmails = List.of();
  private List<URI> notifyWebhooks = List.of();
  private Set<NotifyOn> notifyOn;
  private DateExclusions excluded = DateExclusions.NONE;

  /** The batch that {@code run} adds the definition to, or null to register it at once. */
  private final ScheduleBatch batch;

  ScheduleBuilder(PipelineScheduler scheduler, String name) {
    this(scheduler, name, null);
  }

  ScheduleBuilder(PipelineScheduler scheduler, String name, ScheduleBatch batch) {
    this.scheduler = scheduler;
    this.name = name;
    this.batch = batch;
  }

  /** A Unix 5-field cron expression, e.g. {@code 0 9 * * 1-5}. */
  public ScheduleBuilder cron(String expression) {
    return cron(expression, CronFlavor.UNIX);
  }

  /** A cron expression in the given flavour. */
  public ScheduleBuilder cron(String expression, CronFlavor flavor) {
    Objects.requireNonNull(flavor, "flavor");
    return timing(
        data("cron", "expression", expression, "flavor", flavor.name()),
        (zone, start) -> Timings.cron(name, expression, flavor, zone));
  }

  /** Every day at {@code time} in the schedule's zone. */
  public ScheduleBuilder daily(LocalTime time) {
    Objects.requireNonNull(time, "time");
    return timing(data("daily", "at", time), (zone, start) -> Timings.daily(name, time, zone));
  }

  /** Every day at {@code hour:minute}, validating both. */
  ScheduleBuilder daily(int hour, int minute) {
    return timing(
        data("daily", "at", String.format("%02d:%02d", hour, minute)),
        (zone, start) -> Timings.daily(name, hour, minute, zone));
  }

  /** Every hour at {@code minute} (0-59). */
  public ScheduleBuilder hourly(int minute) {
    return timing(
        data("hourly", "minute", minute), (zone, start) -> Timings.hourly(name, minute, zone));
  }

  /**
   * Every {@code interval}, at slots counted from {@link #startAt} or else the Unix epoch, so
   * {@code every(Duration.ofMinutes(30))} fires at :00 and :30 UTC on every instance.
   *
   * @throws InvalidScheduleException when {@code interval} is not positive, shorter than {@link
   *     #MIN_DURATION} (1 ms) or longer than {@link #MAX_DURATION} (36,500 days)
   */
  public ScheduleBuilder every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new InvalidScheduleException(
          name, "interval " + interval + " is not positive; it must be longer than zero");
    }
    TimeLimits.requireInRange(name, "interval", interval, TimeLimits.MIN_DURATION);
    return timing(
        data("every", "every", interval),
        (zone, start) ->
            Timings.interval(name, interval, start == null ? Instant.EPOCH : start, zone));
  }

  /** Every {@code hours}, {@code minutes} and {@code seconds} added together. */
  ScheduleBuilder every(long hours, long minutes, long seconds) {
    return timing(
        data("every", "hours", hours, "minutes", minutes, "seconds", seconds),
        (zone, start) ->
            Timings.interval(name, hours, minutes, seconds, start == null ? Instant.EPOCH : start));
  }

  /** Every week on {@code day} at {@code time}. */
  public ScheduleBuilder weekly(DayOfWeek day, LocalTime time) {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(time, "time");
    return timing(
        data("weekly", "day", day.name(), "at", time),
        (zone, start) -> Timings.weekly(name, day, time, zone));
  }

  /** Every month on {@code dayOfMonth} (1-31; the last day of a shorter month) at {@code time}. */
  public ScheduleBuilder monthly(int dayOfMonth, LocalTime time) {
    Objects.requireNonNull(time, "time");
    return timing(
        data("monthly", "dayOfMonth", dayOfMonth, "at", time),
        (zone, start) -> Timings.monthly(name, dayOfMonth, time, zone));
  }

  /**
   * Every {@code months} months on {@code dayOfMonth} at {@code time}, counted from the month of
   * {@link #startAt}, or of the schedule's first registration.
   */
  public ScheduleBuilder everyMonths(int months, int dayOfMonth, LocalTime time) {
    Objects.requireNonNull(time, "time");
    return timing(
        data("everyMonths", "months", months, "dayOfMonth", dayOfMonth, "at", time),
        (zone, start) ->
            Timings.everyMonths(
                name,
                months,
                dayOfMonth,
                time,
                zone,
                start != null ? start : scheduler.anchorFor(name)));
  }

  /**
   * Once, at {@code at}. After it has run the schedule stays listed with no next run. An instant
   * already past when the scheduler starts (or when registered on a running scheduler) follows the
   * {@linkplain #misfire misfire policy}: FIRE_ONCE and FIRE_ALL run it once as a catch-up, SKIP
   * reports the slot as skipped (reason MISFIRE) and never runs it; within the misfire grace it is
   * just late and runs.
   *
   * @throws InvalidScheduleException when {@code at} is before {@link #EARLIEST} or after {@link
   *     #LATEST}
   */
  public ScheduleBuilder once(Instant at) {
    Objects.requireNonNull(at, "at");
    TimeLimits.requireInRange(name, "once at", at);
    return timing(data("once", "at", at), (zone, start) -> Timings.once(name, at, zone));
  }

  /** Never by itself: only {@link PipelineScheduler#runNow} runs it. */
  public ScheduleBuilder manual() {
    return timing(data("manual"), (zone, start) -> Timings.manual(zone));
  }

  /**
   * No slots of its own: runs each time {@code upstream} succeeds (trigger {@link
   * Trigger#UPSTREAM}); with several names, once all of them have succeeded since this schedule's
   * last run (fan-in). A run ends the trigger of a downstream only when it {@linkplain
   * ExecutionRecord#success() succeeded}; a {@link PipelineScheduler#runNow(String) runNow} of an
   * upstream triggers too, unless {@link PipelineScheduler#runNow(String, boolean) asked not to}.
   * The trigger is written to the store as a QUEUED run of this schedule, so it runs once, on an
   * instance that can run it, also after a restart. Each name must be registered here, stored, or
   * defined in the same batch when this schedule is registered, and the names must not make a cycle
   * (through {@code after} and {@link #dependsOn}); {@code dependsOn} cannot be combined with
   * {@code after}.
   *
   * <pre>{@code
   * scheduler.schedule("load").after("transform").run(loadJob);
   * }</pre>
   *
   * @throws InvalidScheduleException when no name is given, a name is given twice, is this
   *     schedule's own or breaks the rule for names (see the class comment)
   */
  public ScheduleBuilder after(String... upstream) {
    Objects.requireNonNull(upstream, "upstream");
    if (upstream.length == 0) {
      throw new InvalidScheduleException(name, "after needs at least one upstream schedule name");
    }
    for (int i = 0; i < upstream.length; i++) {
      String upstreamName = upstream[i];
      checkUpstreamName("after", upstreamName);
      if (Arrays.asList(upstream).subList(0, i).contains(upstreamName)) {
        throw new InvalidScheduleException(
            name, "after has '" + upstreamName + "' twice; name each upstream schedule once");
      }
    }
    List<String> names = List.of(upstream);
    return timing(data("after", "after", names), (zone, start) -> Timings.after(names, zone));
  }

  private void checkUpstreamName(String option, String dependency) {
    Objects.requireNonNull(dependency, option + " element");
    if (dependency.isBlank() || dependency.equals(name)) {
      throw new InvalidScheduleException(
          name, option + " has '" + dependency + "'; name another, non-blank schedule");
    }
    String problem = Names.problem(dependency);
    if (problem != null) {
      throw new InvalidScheduleException(
          name, option + " has '" + Names.show(dependency) + "': " + problem);
    }
  }

  /** The zone wall-clock times are read in; default: the scheduler's zone (UTC by default). */
  public ScheduleBuilder timezone(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
    return this;
  }

  /**
   * No fire before {@code start}; for intervals, also the anchor that slots count from.
   *
   * @throws InvalidScheduleException when {@code start} is before {@link #EARLIEST} or after {@link
   *     #LATEST}
   */
  public ScheduleBuilder startAt(Instant start) {
    Objects.requireNonNull(start, "start");
    this.startAt = TimeLimits.requireInRange(name, "startAt", start);
    return this;
  }

  /**
   * No fire after {@code end}.
   *
   * @throws InvalidScheduleException when {@code end} is before {@link #EARLIEST} or after {@link
   *     #LATEST}
   */
  public ScheduleBuilder endAt(Instant end) {
    Objects.requireNonNull(end, "end");
    this.endAt = TimeLimits.requireInRange(name, "endAt", end);
    return this;
  }

  /**
   * Retries a failed or timed-out run up to {@code maxRetries} times, waiting {@code firstDelay},
   * then twice as long each time, capped at one hour (or {@code firstDelay} when longer). Each
   * attempt is its own record (trigger RETRY).
   *
   * @throws InvalidScheduleException when {@code maxRetries} is outside 0-{@value #MAX_RETRIES} or
   *     {@code firstDelay} is negative or longer than {@link #MAX_DURATION} (36,500 days)
   */
  public ScheduleBuilder retries(int maxRetries, Duration firstDelay) {
    Objects.requireNonNull(firstDelay, "firstDelay");
    if (maxRetries < 0) {
      throw new InvalidScheduleException(name, "retries must not be negative, was " + maxRetries);
    }
    if (maxRetries > MAX_RETRIES) {
      throw new InvalidScheduleException(
          name, "retries must be at most " + MAX_RETRIES + ", was " + maxRetries);
    }
    if (firstDelay.isNegative()) {
      throw new InvalidScheduleException(
          name, "retry delay must not be negative, was " + firstDelay);
    }
    TimeLimits.requireInRange(name, "retry delay", firstDelay, Duration.ZERO);
    this.maxRetries = maxRetries;
    this.firstRetryDelay = firstDelay;
    return this;
  }

  /**
   * Interrupts a run after {@code limit}; its record is TIMED_OUT.
   *
   * @throws InvalidScheduleException when {@code limit} is not positive, shorter than {@link
   *     #MIN_DURATION} (1 ms) or longer than {@link #MAX_DURATION} (36,500 days)
   */
  public ScheduleBuilder timeout(Duration limit) {
    Objects.requireNonNull(limit, "limit");
    if (limit.isZero() || limit.isNegative()) {
      throw new InvalidScheduleException(name, "timeout must be positive, was " + limit);
    }
    TimeLimits.requireInRange(name, "timeout", limit, TimeLimits.MIN_DURATION);
    this.timeout = limit;
    return this;
  }

  /** What to do when a slot comes due while the previous run still runs; default QUEUE. */
  public ScheduleBuilder overlap(OverlapPolicy policy) {
    this.overlap = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** What to do with missed slots; default FIRE_ONCE. */
  public ScheduleBuilder misfire(MisfirePolicy policy) {
    this.misfire = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Runs only when the latest runs of these schedules succeeded since this schedule's own previous
   * run; otherwise the slot is skipped and the reason reported. When a dependency has a slot of its
   * own in this schedule's period (after this schedule's previous slot, at or before this one), the
   * slot waits for that run of the dependency to succeed, at most {@link
   * SchedulerConfig.Builder#dependencyWait} (default 1 h), and starts as soon as it has; it is
   * skipped ({@link SkipReason#DEPENDENCY}, naming the dependency) when the wait runs out, or at
   * once when that run failed for good (no retry left). The names are checked at registration as
   * for {@link #after}.
   *
   * @throws InvalidScheduleException when a name is this schedule's own or breaks the rule for
   *     names (see the class comment)
   */
  public ScheduleBuilder dependsOn(String... scheduleNames) {
    Objects.requireNonNull(scheduleNames, "scheduleNames");
    for (String dependency : scheduleNames) {
      Objects.requireNonNull(dependency, "scheduleNames element");
      checkUpstreamName("dependsOn", dependency);
    }
    dependsOn = growable(dependsOn);
    dependsOn.addAll(Arrays.asList(scheduleNames));
    return this;
  }

  /**
   * Skips the slots whose date, in the schedule's zone, is in {@code calendar}: each is reported
   * skipped ({@link SkipReason#HOLIDAY}, to listeners and the {@code pipeline.scheduler.skips}
   * meter) instead of run, and left out of {@link PipelineScheduler#nextRuns} and {@link
   * ScheduleInfo#nextRun()}. Called more than once, the calendars add up. A missed slot on such a
   * date is not caught up. {@link PipelineScheduler#runNow} still runs on any date, and a {@code
   * manual()} schedule has no slots to skip. Stored with a data-defined schedule as its dates.
   *
   * @throws InvalidScheduleException (from {@code run}) when the calendars together exclude every
   *     day of the week
   */
  public ScheduleBuilder excluding(HolidayCalendar calendar) {
    Objects.requireNonNull(calendar, "calendar");
    this.excluded = excluded.union(calendar.exclusions());
    return this;
  }

  /** Runs on Monday to Friday only: {@code excluding(HolidayCalendar.weekends())}. */
  public ScheduleBuilder weekdaysOnly() {
    return excluding(HolidayCalendar.weekends());
  }

  /**
   * Runs on business days only: Monday to Friday, except the dates of {@code holidays}; the same as
   * {@code excluding(HolidayCalendar.weekends().and(holidays))}.
   */
  public ScheduleBuilder businessDays(HolidayCalendar holidays) {
    Objects.requireNonNull(holidays, "holidays");
    return excluding(HolidayCalendar.weekends().and(holidays));
  }

  /** A human-readable description shown instead of the timing's own. */
  public ScheduleBuilder description(String text) {
    this.description = Objects.requireNonNull(text, "text");
    return this;
  }

  /**
   * Also emails this schedule's notifications to these addresses, besides the scheduler's {@link
   * SchedulerConfig.Builder#mailTo(String...) mailTo}; sent through the scheduler's SMTP server
   * ({@link SchedulerConfig.Builder#smtpHost(String) smtpHost}). May be called more than once.
   *
   * @throws InvalidScheduleException naming the first value that is not one email address with a
   *     domain, e.g. {@code ops@example.com}
   */
  public ScheduleBuilder notifyEmail(String... addresses) {
    Objects.requireNonNull(addresses, "addresses");
    for (String address : addresses) {
      Objects.requireNonNull(address, "addresses element");
      String problem = Addresses.emailProblem(address);
      if (problem != null) {
        throw new InvalidScheduleException(
            name,
            "notifyEmail has '"
                + Names.show(address)
                + "'; expected "
                + Addresses.EMAIL_EXAMPLE
                + " ("
                + problem
                + ")");
      }
    }
    notifyEmails = growable(notifyEmails);
    notifyEmails.addAll(Arrays.asList(addresses));
    return this;
  }

  /**
   * Also posts this schedule's notifications to this webhook (a Slack-compatible {@code
   * {"text":"..."}}), besides the scheduler's {@link SchedulerConfig.Builder#webhookUrl(URI)
   * webhookUrl}. May be called more than once. The URL is stored with the schedule and exported
   * with it; it is never logged beyond its scheme and host.
   *
   * @throws InvalidScheduleException when it is not an absolute http or https URL with a host
   */
  public ScheduleBuilder notifyWebhook(URI url) {
    Objects.requireNonNull(url, "url");
    if (!Addresses.isHttpUrl(url)) {
      throw new InvalidScheduleException(
          name,
          "notifyWebhook has '"
              + Secrets.maskWebhook(url)
              + "'; expected an absolute http or https URL, e.g. https://hooks.example.com/x");
    }
    notifyWebhooks = growable(notifyWebhooks);
    notifyWebhooks.add(url);
    return this;
  }

  /**
   * The outcomes of this schedule's runs that are notified, replacing the scheduler's choice
   * ({@link NotifyOn#FAILURE}, and {@link NotifyOn#SUCCESS} and {@link NotifyOn#RECOVERY} when
   * {@link SchedulerConfig.Builder#notifyOnSuccess notifyOnSuccess} and {@link
   * SchedulerConfig.Builder#notifyOnRecovery notifyOnRecovery} are on); none notifies nothing.
   */
  public ScheduleBuilder notifyOn(NotifyOn... outcomes) {
    Objects.requireNonNull(outcomes, "outcomes");
    Set<NotifyOn> chosen = EnumSet.noneOf(NotifyOn.class);
    for (NotifyOn outcome : outcomes) {
      chosen.add(Objects.requireNonNull(outcome, "outcomes element"));
    }
    this.notifyOn = chosen;
    return this;
  }

  /**
   * Registers the schedule with {@code job} (replacing any of the same name) and returns it.
   *
   * <p>On a builder of a {@link ScheduleBatch} ({@link PipelineScheduler#scheduleAll}), adds the
   * validated definition to the batch instead, stores nothing yet, and returns a preview: the
   * schedule as it will show if it is new (enabled, its first run, no last run). {@code
   * scheduleAll} returns what was registered.
   */
  public ScheduleInfo run(Job job) {
    return register(define(job));
  }

  /**
   * Registers a schedule whose job is a registered job type with these parameters; both are stored
   * with the schedule, so any instance that registered the type can run it. On a builder of a
   * {@link ScheduleBatch}, adds it to the batch and returns a preview (see {@link #run(Job)}).
   */
  public ScheduleInfo run(String jobType, Map<String, Object> params) {
    return register(define(jobType, params));
  }

  private ScheduleInfo register(ScheduleDefinition definition) {
    return batch == null
        ? scheduler.register(definition, timingShown)
        : batch.add(this, definition, timingShown);
  }

  /** The validated definition for {@code job}, not yet registered. */
  ScheduleDefinition define(Job job) {
    Objects.requireNonNull(job, "job");
    return definition(job, null, JobData.of(job).orElse(null));
  }

  /** The validated definition for a job type, not yet registered. */
  ScheduleDefinition define(String jobType, Map<String, Object> params) {
    Objects.requireNonNull(jobType, "jobType");
    Objects.requireNonNull(params, "params");
    if (jobType.isBlank()) {
      throw new InvalidScheduleException(name, "job type must not be blank");
    }
    String problem = Names.problem(jobType);
    if (problem != null) {
      throw new InvalidScheduleException(
          name, "job type '" + Names.show(jobType) + "': " + problem.replace("name ", "job type "));
    }
    JobSpec spec = new JobSpec(jobType, params);
    return definition(scheduler.jobOfType(spec), spec, JobData.ofType(jobType, spec.params()));
  }

  private ScheduleBuilder timing(TimingData data, TimingFactory factory) {
    if (timing != null) {
      throw new InvalidScheduleException(
          name,
          "a timing is already chosen ("
              + timingData.kind()
              + "); choose exactly one, cannot also use "
              + data.kind());
    }
    this.timing = factory;
    this.timingData = data;
    return this;
  }

  /** {@code list} itself once it can grow, else a growable copy of it. */
  private static <T> List<T> growable(List<T> list) {
    return list instanceof ArrayList<T> ? list : new ArrayList<>(list);
  }

  private static TimingData data(String kind, Object... keysAndValues) {
    return new TimingData(kind, keysAndValues);
  }

  /**
   * The timing chosen, as given: its kind and its settings as keys and values. Made into a map only
   * for a data-defined job (see {@link #toData}), so that registering code schedules builds none.
   */
  private record TimingData(String kind, Object[] keysAndValues) {
    Map<String, Object> toMap() {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("kind", kind);
      for (int i = 0; i < keysAndValues.length; i += 2) {
        data.put((String) keysAndValues[i], jsonValue(keysAndValues[i + 1]));
      }
      return data;
    }

    /** Instants, durations and times as their ISO text, made only for a data-defined job. */
    private static Object jsonValue(Object value) {
      return value instanceof Instant || value instanceof Duration || value instanceof LocalTime
          ? value.toString()
          : value;
    }
  }

  private ScheduleDefinition definition(Job job, JobSpec spec, Map<String, Object> jobData) {
    if (timing == null) {
      throw new InvalidScheduleException(
          name,
          "no timing chosen; call one of cron, daily, hourly, every, weekly, monthly, everyMonths,"
              + " once, manual or after before run");
    }
    if (!dependsOn.isEmpty() && "after".equals(timingData.kind())) {
      throw new InvalidScheduleException(
          name,
          "dependsOn "
              + dependsOn
              + " cannot be combined with after; name every upstream schedule in after");
    }
    ZoneId effectiveZone = zone != null ? zone : scheduler.defaultZone();
    Timing base = timing.create(effectiveZone, startAt);
    Timing bounded = Timings.excluding(name, Timings.bounded(name, base, startAt, endAt), excluded);
    timingShown = checkFirstRun(bounded);
    RunPolicy policy =
        RunPolicy.of(maxRetries, firstRetryDelay, timeout, overlap, misfire, notifications());
    Map<String, Object> data = jobData == null ? null : toData(jobData);
    return new ScheduleDefinition(name, bounded, policy, dependsOn, description, job, spec, data);
  }

  /**
   * Computes what registration will compute (the description and the first run), so that a timing
   * that cannot be shown or whose first run is out of range fails here, before anything is
   * registered or stored; returns what the timing shows.
   */
  private TimingShown checkFirstRun(Timing bounded) {
    TimingShown shown;
    Instant first;
    try {
      shown = TimingShown.of(bounded);
      first = bounded.nextAfter(scheduler.now()).orElse(null);
    } catch (RuntimeException e) {
      throw new InvalidScheduleException(
          name,
          "its first run cannot be computed: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
    }
    if (first != null && first.isAfter(LATEST)) {
      throw new InvalidScheduleException(
          name, "its first run " + first + " is after the latest supported instant " + LATEST);
    }
    return shown;
  }

  /** Everything this builder was given, as JSON-compatible values; see {@link ScheduleData}. */
  private Map<String, Object> toData(Map<String, Object> jobData) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("timing", timingData.toMap());
    data.put("zone", zone == null ? null : zone.getId());
    data.put("startAt", startAt == null ? null : startAt.toString());
    data.put("endAt", endAt == null ? null : endAt.toString());
    data.put("maxRetries", maxRetries);
    data.put("firstRetryDelay", firstRetryDelay.toString());
    data.put("timeout", timeout == null ? null : timeout.toString());
    data.put("overlap", overlap.name());
    data.put("misfire", misfire.name());
    data.put("dependsOn", List.copyOf(dependsOn));
    data.put("description", description);
    data.put("job", jobData);
    ScheduleNotify notify = notifications();
    if (!notify.isNone()) { // left out when unused, so that older definitions read the same
      Map<String, Object> notifyData = new LinkedHashMap<>();
      notifyData.put("emails", notify.emails());
      notifyData.put("webhooks", notify.webhooks().stream().map(URI::toString).toList());
      notifyData.put(
          "on",
          notify.on() == null ? null : notify.on().stream().sorted().map(Enum::name).toList());
      data.put("notify", notifyData);
    }
    if (!excluded.isEmpty()) {
      data.put("excluding", excluded.toData());
    }
    return data;
  }

  private ScheduleNotify notifications() {
    // The common case shares one instance: a million schedules do not each hold an empty one.
    if (notifyEmails.isEmpty() && notifyWebhooks.isEmpty() && notifyOn == null) {
      return ScheduleNotify.NONE;
    }
    return new ScheduleNotify(notifyEmails, notifyWebhooks, notifyOn);
  }
}
