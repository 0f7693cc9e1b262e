package io.pipelinescheduler;

import static io.pipelinescheduler.internal.config.Checks.notBlank;
import static io.pipelinescheduler.internal.config.Checks.notNull;
import static io.pipelinescheduler.internal.config.Checks.quote;
import static io.pipelinescheduler.internal.config.Checks.rejected;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.pipelinescheduler.internal.config.EnvironmentConfig;
import io.pipelinescheduler.internal.config.InstanceIds;
import io.pipelinescheduler.internal.config.Names;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Immutable scheduler configuration. Build with {@link #builder()}, take {@link #defaults()}, or
 * read {@code SCHEDULER_*} environment variables with {@link #fromEnvironment()}.
 *
 * <p>Every builder setter checks its argument at once: a bad value throws a {@link
 * SchedulerException} that names the setting and quotes the value, a {@code null} a {@link
 * NullPointerException} naming the parameter (only {@code dbUrl}, {@code dbUser}, {@code
 * dbPassword} and {@code webhookUrl} take {@code null}, to unset). Checks across settings run in
 * {@link Builder#build()}. Instances are immutable and thread-safe; {@link #toString()} lists the
 * effective settings with secrets masked, fit for logging.
 *
 * <p>The settings come in four immutable parts, each checking its own values: {@link #store()},
 * {@link #locks()}, {@link #engine()} and {@link #notifications()}; the getters here read through
 * to them. The time zone, instance id, clock and meter registry belong to the whole scheduler.
 */
public final class SchedulerConfig {
  /** Default of {@link #persistSchedules()}: {@value}. */
  public static final boolean DEFAULT_PERSIST_SCHEDULES = true;

  /** Default of {@link #dbPath()}: {@code ./pipeline-scheduler.db}. */
  public static final Path DEFAULT_DB_PATH = Path.of("./pipeline-scheduler.db");

  /** Default of {@link #distributed()}: {@value}. */
  public static final boolean DEFAULT_DISTRIBUTED = false;

  /** Default of {@link #lockBackendName()}: {@value}. */
  public static final String DEFAULT_LOCK_BACKEND = "file";

  /** Default of {@link #lockDirectory()}: {@code ./.pipeline-scheduler-locks}. */
  public static final Path DEFAULT_LOCK_DIRECTORY = Path.of("./.pipeline-scheduler-locks");

  /** Default of {@link #redisUrl()}: {@value}. */
  public static final String DEFAULT_REDIS_URL = "redis://localhost:6379";

  /** Default of {@link #timezone()}: UTC. */
  public static final ZoneId DEFAULT_TIMEZONE = ZoneOffset.UTC;

  /** Default of {@link #maxConcurrentRuns()}: {@value}. */
  public static final int DEFAULT_MAX_CONCURRENT_RUNS = 10;

  /**
   * The largest {@link #maxConcurrentRuns()}: {@value}. Each concurrent run holds a worker thread
   * (and, with a database store, uses its connections), so a larger pool costs memory and
   * connections without running more.
   */
  public static final int MAX_CONCURRENT_RUNS_LIMIT = 1000;

  /** Default of {@link #historyRetention()}: 30 days. */
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(30);

  /** Default of {@link #shutdownGrace()}: 30 seconds. */
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  /** Default of {@link #dependencyWait()}: 1 hour. */
  public static final Duration DEFAULT_DEPENDENCY_WAIT = Duration.ofHours(1);

  /** Default of {@link #misfireGrace()}: 60 seconds. */
  public static final Duration DEFAULT_MISFIRE_GRACE = Duration.ofSeconds(60);

  /** Default of {@link #claimAhead()}: 250 ms. */
  public static final Duration DEFAULT_CLAIM_AHEAD = Duration.ofMillis(250);

  /** Default of {@link #interruptGrace()}: 5 seconds. */
  public static final Duration DEFAULT_INTERRUPT_GRACE = Duration.ofSeconds(5);

  /** Default of {@link #heartbeatInterval()}: 10 s. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);

  /** Default of {@link #heartbeatTimeout()}: 60 s. */
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

  /** Default of {@link #refreshInterval()}: 30 s. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** Default of {@link #fireAllLimit()}: {@value}. */
  public static final int DEFAULT_FIRE_ALL_LIMIT = 100;

  /** Default of {@link #historyLimitPerSchedule()}: {@value}. */
  public static final int DEFAULT_HISTORY_LIMIT_PER_SCHEDULE = 1000;

  /** Default of {@link #outputLimitBytes()}: {@value} (64 KiB). */
  public static final int DEFAULT_OUTPUT_LIMIT_BYTES = 64 * 1024;

  /** Default of {@link #failureRateThreshold()}: {@value}. */
  public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;

  /** Default of {@link #failingScheduleRuns()}: {@value}. */
  public static final int DEFAULT_FAILING_SCHEDULE_RUNS = 3;

  /** Default of {@link #webhookOnSuccess()}: {@value}. */
  public static final boolean DEFAULT_WEBHOOK_ON_SUCCESS = false;

  /** Default of {@link NotificationSettings#smtpTls()}: STARTTLS. */
  public static final SmtpTls DEFAULT_SMTP_TLS = SmtpTls.STARTTLS;

  /** Default of {@link NotificationSettings#notifyMinInterval()}: 10 minutes. */
  public static final Duration DEFAULT_NOTIFY_MIN_INTERVAL = Duration.ofMinutes(10);

  /**
   * Every environment variable {@link #fromEnvironment()} reads, in documentation order: {@code
   * SCHEDULER_PERSIST}, {@code SCHEDULER_DB_PATH}, {@code SCHEDULER_DB_URL}, {@code
   * SCHEDULER_DB_USER}, {@code SCHEDULER_DB_PASSWORD}, {@code SCHEDULER_DISTRIBUTED}, {@code
   * SCHEDULER_LOCK_BACKEND}, {@code SCHEDULER_LOCK_DIR}, {@code SCHEDULER_REDIS_URL}, {@code
   * SCHEDULER_TIMEZONE}, {@code SCHEDULER_MAX_CONCURRENT}, {@code SCHEDULER_INSTANCE_ID}, {@code
   * SCHEDULER_HISTORY_RETENTION}, {@code SCHEDULER_SHUTDOWN_GRACE}, {@code
   * SCHEDULER_MISFIRE_GRACE}, {@code SCHEDULER_CLAIM_AHEAD}, {@code SCHEDULER_INTERRUPT_GRACE},
   * {@code SCHEDULER_HEARTBEAT_INTERVAL}, {@code SCHEDULER_HEARTBEAT_TIMEOUT}, {@code
   * SCHEDULER_REFRESH_INTERVAL}, {@code SCHEDULER_FIRE_ALL_LIMIT}, {@code SCHEDULER_HISTORY_LIMIT},
   * {@code SCHEDULER_OUTPUT_LIMIT}, {@code SCHEDULER_DEPENDENCY_WAIT}, {@code
   * SCHEDULER_FAILURE_RATE_THRESHOLD}, {@code SCHEDULER_SMTP_HOST}, {@code SCHEDULER_SMTP_PORT},
   * {@code SCHEDULER_SMTP_TLS}, {@code SCHEDULER_SMTP_USER}, {@code SCHEDULER_SMTP_PASSWORD},
   * {@code SCHEDULER_MAIL_FROM}, {@code SCHEDULER_MAIL_TO}, {@code SCHEDULER_NOTIFY_ON_SUCCESS},
   * {@code SCHEDULER_NOTIFY_ON_RECOVERY}, {@code SCHEDULER_NOTIFY_MIN_INTERVAL}, {@code
   * SCHEDULER_WEBHOOK_URL}, {@code SCHEDULER_WEBHOOK_ON_SUCCESS}. Unmodifiable.
   */
  public static final List<String> ENVIRONMENT_VARIABLES = EnvironmentConfig.NAMES;

  private final StoreSettings store;
  private final LockSettings locks;
  private final EngineSettings engine;
  private final NotificationSettings notifications;
  private final ZoneId timezone;
  private final String instanceId;
  private final Clock clock;
  private final MeterRegistry meterRegistry;

  private SchedulerConfig(Builder b) {
    this.locks = b.locks.build();
    this.notifications = b.notifications.build();
    this.engine = b.engine.build();
    this.store = b.store.build();
    this.timezone = b.timezone;
    this.instanceId = b.instanceId != null ? b.instanceId : InstanceIds.defaultInstanceId();
    this.clock = b.clock;
    this.meterRegistry = b.meterRegistry;
  }

  /** A new builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new builder holding every setting of {@code base}, to change a few. */
  public static Builder from(SchedulerConfig base) {
    return new Builder(notNull("base", base));
  }

  /** The configuration with every default. */
  public static SchedulerConfig defaults() {
    return builder().build();
  }

  /**
   * The defaults overridden by the {@code SCHEDULER_*} variables of the process environment; see
   * {@link #fromEnvironment(Map)}.
   *
   * @throws SchedulerException when a variable has a bad value
   */
  public static SchedulerConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The defaults overridden by the {@link #ENVIRONMENT_VARIABLES} found in {@code environment}.
   * Values are stripped; a blank value counts as unset. Booleans take {@code true/false}, {@code
   * yes/no}, {@code on/off} or {@code 1/0}; durations take ISO-8601 ({@code PT30S}, {@code P30D})
   * or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 30d} and sums like {@code 1h30m};
   * {@code SCHEDULER_OUTPUT_LIMIT} takes bytes or {@code 64KB}/{@code 1MB} (1024-based). Unknown
   * {@code SCHEDULER_*} variables are ignored with one SLF4J warning that names them.
   *
   * @throws SchedulerException naming the variable, its value and what is expected, e.g. {@code
   *     SCHEDULER_MAX_CONCURRENT has 'ten'; expected a whole number from 1 to 1000, e.g. 10}
   * @throws NullPointerException when {@code environment} is null
   */
  public static SchedulerConfig fromEnvironment(Map<String, String> environment) {
    return EnvironmentConfig.apply(builder(), notNull("environment", environment)).build();
  }

  /** Where schedules and history are kept and for how long. */
  public StoreSettings store() {
    return store;
  }

  /** Whether instances share the schedules, and the lock backend they agree through. */
  public LockSettings locks() {
    return locks;
  }

  /** The engine's worker pool, graces, claim-ahead, heartbeats and limits. */
  public EngineSettings engine() {
    return engine;
  }

  /**
   * The webhook, the SMTP server and recipients, when and how often they are notified, and the
   * failure rate at which health turns {@code DEGRADED}.
   */
  public NotificationSettings notifications() {
    return notifications;
  }

  /** The zone of schedules that name none. Default UTC; {@code SCHEDULER_TIMEZONE}. */
  public ZoneId timezone() {
    return timezone;
  }

  /**
   * This instance's name in locks and {@link ExecutionRecord#node()}. Default {@code <host
   * name>-<pid>}, e.g. {@code myhost-12345}; {@code SCHEDULER_INSTANCE_ID}.
   */
  public String instanceId() {
    return instanceId;
  }

  /** The wall clock. Default {@link Clock#systemUTC()}; no environment variable. */
  public Clock clock() {
    return clock;
  }

  /**
   * Where meters are registered. Default {@link Metrics#globalRegistry}; no environment variable.
   */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /** {@link StoreSettings#persistSchedules()}. */
  public boolean persistSchedules() {
    return store.persistSchedules();
  }

  /** {@link StoreSettings#dbPath()}. */
  public Path dbPath() {
    return store.dbPath();
  }

  /** {@link StoreSettings#dbUrl()}. */
  public String dbUrl() {
    return store.dbUrl();
  }

  /** {@link StoreSettings#dbUser()}. */
  public String dbUser() {
    return store.dbUser();
  }

  /** {@link StoreSettings#dbPassword()}. */
  public String dbPassword() {
    return store.dbPassword();
  }

  /** {@link StoreSettings#dataSource()}. */
  public javax.sql.DataSource dataSource() {
    return store.dataSource();
  }

  /** {@link StoreSettings#historyRetention()}. */
  public Duration historyRetention() {
    return store.historyRetention();
  }

  /** {@link StoreSettings#historyLimitPerSchedule()}. */
  public int historyLimitPerSchedule() {
    return store.historyLimitPerSchedule();
  }

  /** {@link StoreSettings#refreshInterval()}. */
  public Duration refreshInterval() {
    return store.refreshInterval();
  }

  /** {@link LockSettings#distributed()}. */
  public boolean distributed() {
    return locks.distributed();
  }

  /** {@link LockSettings#lockBackendName()}. */
  public String lockBackendName() {
    return locks.lockBackendName();
  }

  /** {@link LockSettings#lockBackend()}. */
  public LockBackend lockBackend() {
    return locks.lockBackend();
  }

  /** {@link LockSettings#lockDirectory()}. */
  public Path lockDirectory() {
    return locks.lockDirectory();
  }

  /** {@link LockSettings#redisUrl()}. */
  public String redisUrl() {
    return locks.redisUrl();
  }

  /** {@link EngineSettings#maxConcurrentRuns()}. */
  public int maxConcurrentRuns() {
    return engine.maxConcurrentRuns();
  }

  /** {@link EngineSettings#shutdownGrace()}. */
  public Duration shutdownGrace() {
    return engine.shutdownGrace();
  }

  /** {@link EngineSettings#dependencyWait()}. */
  public Duration dependencyWait() {
    return engine.dependencyWait();
  }

  /** {@link EngineSettings#misfireGrace()}. */
  public Duration misfireGrace() {
    return engine.misfireGrace();
  }

  /** {@link EngineSettings#claimAhead()}. */
  public Duration claimAhead() {
    return engine.claimAhead();
  }

  /** {@link EngineSettings#interruptGrace()}. */
  public Duration interruptGrace() {
    return engine.interruptGrace();
  }

  /** {@link EngineSettings#heartbeatTimeout()}. */
  public Duration heartbeatTimeout() {
    return engine.heartbeatTimeout();
  }

  /** {@link EngineSettings#heartbeatInterval()}. */
  public Duration heartbeatInterval() {
    return engine.heartbeatInterval();
  }

  /** {@link EngineSettings#fireAllLimit()}. */
  public int fireAllLimit() {
    return engine.fireAllLimit();
  }

  /** {@link EngineSettings#outputLimitBytes()}. */
  public int outputLimitBytes() {
    return engine.outputLimitBytes();
  }

  /** {@link NotificationSettings#failureRateThreshold()}. */
  public double failureRateThreshold() {
    return notifications.failureRateThreshold();
  }

  /** {@link NotificationSettings#failingScheduleRuns()}. */
  public int failingScheduleRuns() {
    return notifications.failingScheduleRuns();
  }

  /** {@link NotificationSettings#webhookUrl()}. */
  public URI webhookUrl() {
    return notifications.webhookUrl();
  }

  /** {@link NotificationSettings#webhookOnSuccess()}. */
  public boolean webhookOnSuccess() {
    return notifications.webhookOnSuccess();
  }

  /**
   * The effective settings on one line, for the log at start, part by part (store, locks, engine,
   * notifications, then the rest): the password shown as {@code ***}, passwords inside URLs masked
   * and the webhook reduced to scheme and host.
   */
  @Override
  public String toString() {
    return "SchedulerConfig{"
        + store.fields()
        + ", "
        + locks.fields()
        + ", "
        + engine.fields()
        + ", "
        + notifications.fields()
        + ", timezone="
        + timezone
        + ", instanceId="
        + instanceId
        + ", clock="
        + clock
        + ", meterRegistry="
        + meterRegistry.getClass().getSimpleName()
        + "}";
  }

  /**
   * Builds a {@link SchedulerConfig}. Each setter validates its argument at once and returns this
   * builder; the checks live with the part the setting belongs to ({@link StoreSettings}, {@link
   * LockSettings}, {@link EngineSettings}, {@link NotificationSettings}). Not thread-safe; {@link
   * #build()} may be called more than once.
   */
  public static final class Builder {
    private final StoreSettings.Builder store;
    private final LockSettings.Builder locks;
    private final EngineSettings.Builder engine;
    private final NotificationSettings.Builder notifications;
    private ZoneId timezone = DEFAULT_TIMEZONE;
    private String instanceId; // null: host name + pid, looked up in build()
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry = Metrics.globalRegistry;

    private Builder() {
      store = new StoreSettings.Builder();
      locks = new LockSettings.Builder();
      engine = new EngineSettings.Builder();
      notifications = new NotificationSettings.Builder();
    }

    private Builder(SchedulerConfig c) {
      store = new StoreSettings.Builder(c.store);
      locks = new LockSettings.Builder(c.locks);
      engine = new EngineSettings.Builder(c.engine);
      notifications = new NotificationSettings.Builder(c.notifications);
      timezone = c.timezone;
      instanceId = c.instanceId;
      clock = c.clock;
      meterRegistry = c.meterRegistry;
    }

    /** See {@link StoreSettings#persistSchedules()}. Default {@code true}. */
    public Builder persistSchedules(boolean v) {
      store.persistSchedules(v);
      return this;
    }

    /**
     * See {@link StoreSettings#dbPath()}.
     *
     * @throws SchedulerException when the path is empty
     */
    public Builder dbPath(Path v) {
      store.dbPath(v);
      return this;
    }

    /**
     * See {@link StoreSettings#dbUrl()}; {@code null} unsets it.
     *
     * @throws SchedulerException when it is blank or does not start with {@code jdbc:}
     */
    public Builder dbUrl(String v) {
      store.dbUrl(v);
      return this;
    }

    /**
     * See {@link StoreSettings#dbUser()}; {@code null} unsets it.
     *
     * @throws SchedulerException when it is blank
     */
    public Builder dbUser(String v) {
      store.dbUser(v);
      return this;
    }

    /** See {@link StoreSettings#dbPassword()}; {@code null} unsets it, any other value goes. */
    public Builder dbPassword(String v) {
      store.dbPassword(v);
      return this;
    }

    /**
     * See {@link StoreSettings#dataSource()}: the application's connection pool, to a SQLite or
     * PostgreSQL database; {@code null} unsets it. {@link #build()} fails when {@link #dbUrl} is
     * set too, or persistence is off.
     */
    public Builder dataSource(javax.sql.DataSource v) {
      store.dataSource(v);
      return this;
    }

    /** See {@link LockSettings#distributed()}. Default {@code false}. */
    public Builder distributed(boolean v) {
      locks.distributed(v);
      return this;
    }

    /**
     * Selects the lock backend by name, stripped and lower-cased; it is looked up through {@link
     * LockBackendProvider} at {@code create()}. Forgets an instance given before. Default {@code
     * file}.
     *
     * @throws SchedulerException when the name is blank
     */
    public Builder lockBackend(String v) {
      locks.lockBackend(v);
      return this;
    }

    /**
     * Uses this lock backend instance; {@link LockSettings#lockBackendName()} becomes its {@link
     * LockBackend#name()}. Requires {@link #distributed(boolean) distributed(true)}, checked in
     * {@link #build()}. The scheduler closes it on {@code close()}.
     *
     * @throws SchedulerException when its name is null or blank
     */
    public Builder lockBackend(LockBackend v) {
      locks.lockBackend(v);
      return this;
    }

    /**
     * See {@link LockSettings#lockDirectory()}.
     *
     * @throws SchedulerException when the path is empty
     */
    public Builder lockDirectory(Path v) {
      locks.lockDirectory(v);
      return this;
    }

    /**
     * See {@link LockSettings#redisUrl()}.
     *
     * @throws SchedulerException unless it starts with {@code redis://} or {@code rediss://}
     */
    public Builder redisUrl(String v) {
      locks.redisUrl(v);
      return this;
    }

    /** See {@link SchedulerConfig#timezone()}. Default UTC. */
    public Builder timezone(ZoneId v) {
      timezone = notNull("timezone", v);
      return this;
    }

    /**
     * See {@link EngineSettings#maxConcurrentRuns()}. Default 10.
     *
     * @throws SchedulerException when below 1 or above {@value
     *     SchedulerConfig#MAX_CONCURRENT_RUNS_LIMIT}
     */
    public Builder maxConcurrentRuns(int v) {
      engine.maxConcurrentRuns(v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#instanceId()}. Default host name + pid. The id is stored with
     * every run, so it follows the rule for schedule names: 1 to 200 characters, no control
     * characters, no leading or trailing space.
     *
     * @throws SchedulerException when blank or against that rule
     */
    public Builder instanceId(String v) {
      notBlank("instanceId", v);
      String problem = Names.problem(v);
      if (problem != null) {
        throw rejected(problem.replaceFirst("^name", "instanceId"), quote(Names.show(v)));
      }
      instanceId = v;
      return this;
    }

    /**
     * See {@link StoreSettings#historyRetention()}. Default 30 days.
     *
     * @throws SchedulerException unless positive
     */
    public Builder historyRetention(Duration v) {
      store.historyRetention(v);
      return this;
    }

    /**
     * See {@link EngineSettings#shutdownGrace()}; zero means do not wait. Default 30 s.
     *
     * @throws SchedulerException when negative
     */
    public Builder shutdownGrace(Duration v) {
      engine.shutdownGrace(v);
      return this;
    }

    /**
     * See {@link EngineSettings#dependencyWait()}. Default 1 h; zero skips a slot whose dependency
     * has not succeeded at once.
     *
     * @throws SchedulerException when negative
     */
    public Builder dependencyWait(Duration v) {
      engine.dependencyWait(v);
      return this;
    }

    /**
     * See {@link EngineSettings#misfireGrace()}. Default 60 s.
     *
     * @throws SchedulerException when negative
     */
    public Builder misfireGrace(Duration v) {
      engine.misfireGrace(v);
      return this;
    }

    /**
     * See {@link EngineSettings#claimAhead()}. Default 250 ms; zero claims every slot when due.
     *
     * @throws SchedulerException when negative or a minute or more
     */
    public Builder claimAhead(Duration v) {
      engine.claimAhead(v);
      return this;
    }

    /**
     * See {@link EngineSettings#interruptGrace()}. Default 5 s.
     *
     * @throws SchedulerException when negative
     */
    public Builder interruptGrace(Duration v) {
      engine.interruptGrace(v);
      return this;
    }

    /**
     * See {@link StoreSettings#refreshInterval()}. Default 30 s.
     *
     * @throws SchedulerException when not positive
     */
    public Builder refreshInterval(Duration v) {
      store.refreshInterval(v);
      return this;
    }

    /**
     * See {@link EngineSettings#heartbeatTimeout()}. Default 60 s.
     *
     * @throws SchedulerException when not positive
     */
    public Builder heartbeatTimeout(Duration v) {
      engine.heartbeatTimeout(v);
      return this;
    }

    /**
     * See {@link EngineSettings#heartbeatInterval()}. Default 10 s.
     *
     * @throws SchedulerException when not positive
     */
    public Builder heartbeatInterval(Duration v) {
      engine.heartbeatInterval(v);
      return this;
    }

    /**
     * See {@link EngineSettings#fireAllLimit()}. Default 100.
     *
     * @throws SchedulerException when below 1
     */
    public Builder fireAllLimit(int v) {
      engine.fireAllLimit(v);
      return this;
    }

    /**
     * See {@link StoreSettings#historyLimitPerSchedule()}. Default 1000.
     *
     * @throws SchedulerException when below 1
     */
    public Builder historyLimitPerSchedule(int v) {
      store.historyLimitPerSchedule(v);
      return this;
    }

    /**
     * See {@link EngineSettings#outputLimitBytes()}. Default 65536.
     *
     * @throws SchedulerException when below 1
     */
    public Builder outputLimitBytes(int v) {
      engine.outputLimitBytes(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#failureRateThreshold()}. Default 0.5.
     *
     * @throws SchedulerException when outside [0, 1] or NaN
     */
    public Builder failureRateThreshold(double v) {
      notifications.failureRateThreshold(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#failingScheduleRuns()}. Default 3.
     *
     * @throws SchedulerException when below 1 or above {@value ScheduleInfo#RECENT_RUNS}
     */
    public Builder failingScheduleRuns(int v) {
      notifications.failingScheduleRuns(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#webhookUrl()}; {@code null} unsets it.
     *
     * @throws SchedulerException unless it is an absolute http or https URL with a host
     */
    public Builder webhookUrl(URI v) {
      notifications.webhookUrl(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#webhookOnSuccess()}; needs a {@link #webhookUrl(URI)},
     * checked in {@link #build()}. Default {@code false}.
     */
    public Builder webhookOnSuccess(boolean v) {
      notifications.webhookOnSuccess(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#smtpHost()}: the SMTP server that notification emails go
     * through; {@code null} unsets it (no email). Needs a {@link #mailFrom(String)}, checked in
     * {@link #build()}.
     *
     * @throws SchedulerException when blank or not a host name or IP address
     */
    public Builder smtpHost(String v) {
      notifications.smtpHost(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#smtpPort()}. Default: 587, 465 or 25 by {@link #smtpTls}.
     *
     * @throws SchedulerException when outside 1-65535
     */
    public Builder smtpPort(int v) {
      notifications.smtpPort(v);
      return this;
    }

    /** See {@link NotificationSettings#smtpTls()}. Default {@link SmtpTls#STARTTLS}. */
    public Builder smtpTls(SmtpTls v) {
      notifications.smtpTls(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#smtpUser()}; {@code null} unsets it.
     *
     * @throws SchedulerException when blank
     */
    public Builder smtpUser(String v) {
      notifications.smtpUser(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#smtpPassword()}; {@code null} unsets it. Needs a {@link
     * #smtpUser(String)}, checked in {@link #build()}. Never logged.
     */
    public Builder smtpPassword(String v) {
      notifications.smtpPassword(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#mailFrom()}; {@code null} unsets it.
     *
     * @throws SchedulerException when it is not one email address with a domain
     */
    public Builder mailFrom(String v) {
      notifications.mailFrom(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#mailTo()}: replaces the recipients; none clears them. Needs
     * an {@link #smtpHost(String)}, checked in {@link #build()}.
     *
     * @throws SchedulerException when one is not an email address with a domain
     */
    public Builder mailTo(String... v) {
      notifications.mailTo(v);
      return this;
    }

    /** See {@link NotificationSettings#notifyOnSuccess()}. Default {@code false}. */
    public Builder notifyOnSuccess(boolean v) {
      notifications.notifyOnSuccess(v);
      return this;
    }

    /** See {@link NotificationSettings#notifyOnRecovery()}. Default {@code false}. */
    public Builder notifyOnRecovery(boolean v) {
      notifications.notifyOnRecovery(v);
      return this;
    }

    /**
     * See {@link NotificationSettings#notifyMinInterval()}. Default 10 minutes; zero sends every
     * notification.
     *
     * @throws SchedulerException when negative
     */
    public Builder notifyMinInterval(Duration v) {
      notifications.notifyMinInterval(v);
      return this;
    }

    /** See {@link SchedulerConfig#clock()}. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock v) {
      clock = notNull("clock", v);
      return this;
    }

    /** See {@link SchedulerConfig#meterRegistry()}. Default {@link Metrics#globalRegistry}. */
    public Builder meterRegistry(MeterRegistry v) {
      meterRegistry = notNull("meterRegistry", v);
      return this;
    }

    /**
     * The configuration. Each part checks its settings together, in this order: the locks, the
     * notifications, the engine. Looks up the default instance id on first use (once per JVM).
     *
     * @throws SchedulerException when a lock backend instance is given but {@code distributed} is
     *     off (it would never be used), {@code webhookOnSuccess} is on without a {@code
     *     webhookUrl}, the mail settings do not go together (see {@link NotificationSettings}), or
     *     {@code heartbeatTimeout} is not longer than {@code heartbeatInterval}
     */
    public SchedulerConfig build() {
      return new SchedulerConfig(this);
    }
  }
}
