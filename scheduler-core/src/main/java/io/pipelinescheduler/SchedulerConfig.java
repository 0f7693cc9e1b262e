package io.pipelinescheduler;

import static io.pipelinescheduler.internal.config.Checks.atLeast;
import static io.pipelinescheduler.internal.config.Checks.fraction;
import static io.pipelinescheduler.internal.config.Checks.notBlank;
import static io.pipelinescheduler.internal.config.Checks.notNegative;
import static io.pipelinescheduler.internal.config.Checks.notNull;
import static io.pipelinescheduler.internal.config.Checks.positive;
import static io.pipelinescheduler.internal.config.Checks.quote;
import static io.pipelinescheduler.internal.config.Checks.rejected;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.pipelinescheduler.internal.config.Checks;
import io.pipelinescheduler.internal.config.EnvironmentConfig;
import io.pipelinescheduler.internal.config.InstanceIds;
import io.pipelinescheduler.internal.engine.Names;
import io.pipelinescheduler.spi.Secrets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
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

  /** Default of {@link #webhookOnSuccess()}: {@value}. */
  public static final boolean DEFAULT_WEBHOOK_ON_SUCCESS = false;

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
   * {@code SCHEDULER_OUTPUT_LIMIT}, {@code SCHEDULER_FAILURE_RATE_THRESHOLD}, {@code
   * SCHEDULER_WEBHOOK_URL}, {@code SCHEDULER_WEBHOOK_ON_SUCCESS}. Unmodifiable.
   */
  public static final List<String> ENVIRONMENT_VARIABLES = EnvironmentConfig.NAMES;

  private final boolean persistSchedules;
  private final Path dbPath;
  private final String dbUrl;
  private final String dbUser;
  private final String dbPassword;
  private final boolean distributed;
  private final String lockBackendName;
  private final LockBackend lockBackend;
  private final Path lockDirectory;
  private final String redisUrl;
  private final ZoneId timezone;
  private final int maxConcurrentRuns;
  private final String instanceId;
  private final Duration historyRetention;
  private final Duration shutdownGrace;
  private final Duration misfireGrace;
  private final Duration claimAhead;
  private final Duration interruptGrace;
  private final Duration refreshInterval;
  private final Duration heartbeatTimeout;
  private final Duration heartbeatInterval;
  private final int fireAllLimit;
  private final int historyLimitPerSchedule;
  private final int outputLimitBytes;
  private final double failureRateThreshold;
  private final URI webhookUrl;
  private final boolean webhookOnSuccess;
  private final Clock clock;
  private final MeterRegistry meterRegistry;

  private SchedulerConfig(Builder b) {
    this.persistSchedules = b.persistSchedules;
    this.dbPath = b.dbPath;
    this.dbUrl = b.dbUrl;
    this.dbUser = b.dbUser;
    this.dbPassword = b.dbPassword;
    this.distributed = b.distributed;
    this.lockBackendName = b.lockBackendName;
    this.lockBackend = b.lockBackend;
    this.lockDirectory = b.lockDirectory;
    this.redisUrl = b.redisUrl;
    this.timezone = b.timezone;
    this.maxConcurrentRuns = b.maxConcurrentRuns;
    this.instanceId = b.instanceId != null ? b.instanceId : InstanceIds.defaultInstanceId();
    this.historyRetention = b.historyRetention;
    this.shutdownGrace = b.shutdownGrace;
    this.misfireGrace = b.misfireGrace;
    this.claimAhead = b.claimAhead;
    this.interruptGrace = b.interruptGrace;
    this.refreshInterval = b.refreshInterval;
    this.heartbeatTimeout = b.heartbeatTimeout;
    this.heartbeatInterval = b.heartbeatInterval;
    this.fireAllLimit = b.fireAllLimit;
    this.historyLimitPerSchedule = b.historyLimitPerSchedule;
    this.outputLimitBytes = b.outputLimitBytes;
    this.failureRateThreshold = b.failureRateThreshold;
    this.webhookUrl = b.webhookUrl;
    this.webhookOnSuccess = b.webhookOnSuccess;
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

  /**
   * Whether schedules and history are kept in a database ({@link #dbUrl()} when set, else SQLite at
   * {@link #dbPath()}) rather than in memory. Default {@code true}; {@code SCHEDULER_PERSIST}.
   */
  public boolean persistSchedules() {
    return persistSchedules;
  }

  /**
   * The SQLite file used when persisting and {@link #dbUrl()} is unset. Default {@code
   * ./pipeline-scheduler.db}; {@code SCHEDULER_DB_PATH}.
   */
  public Path dbPath() {
    return dbPath;
  }

  /**
   * The JDBC URL of the database (e.g. PostgreSQL); when set it wins over {@link #dbPath()}.
   * Default none ({@code null}); {@code SCHEDULER_DB_URL}.
   */
  public String dbUrl() {
    return dbUrl;
  }

  /**
   * The database user for {@link #dbUrl()}. Default none ({@code null}); {@code SCHEDULER_DB_USER}.
   */
  public String dbUser() {
    return dbUser;
  }

  /**
   * The database password for {@link #dbUrl()}; never logged. Default none ({@code null}); {@code
   * SCHEDULER_DB_PASSWORD}.
   */
  public String dbPassword() {
    return dbPassword;
  }

  /**
   * Whether several instances share the schedules and agree on each slot through the lock backend;
   * when off, an in-memory {@code local} lock is used. Default {@code false}; {@code
   * SCHEDULER_DISTRIBUTED}.
   */
  public boolean distributed() {
    return distributed;
  }

  /**
   * The lock backend's name ({@code file}, {@code redis}, …), lower case when set by name, else
   * {@link LockBackend#name()} of the given instance. Default {@code file}; {@code
   * SCHEDULER_LOCK_BACKEND}.
   */
  public String lockBackendName() {
    return lockBackendName;
  }

  /**
   * The lock backend instance given to {@link Builder#lockBackend(LockBackend)}, or {@code null}
   * when the backend is to be found by {@link #lockBackendName()} through {@link
   * LockBackendProvider}. Default {@code null}; no environment variable.
   */
  public LockBackend lockBackend() {
    return lockBackend;
  }

  /**
   * The directory of the {@code file} lock backend. Default {@code ./.pipeline-scheduler-locks};
   * {@code SCHEDULER_LOCK_DIR}.
   */
  public Path lockDirectory() {
    return lockDirectory;
  }

  /**
   * The URL of the {@code redis} lock backend. Default {@code redis://localhost:6379}; {@code
   * SCHEDULER_REDIS_URL}.
   */
  public String redisUrl() {
    return redisUrl;
  }

  /** The zone of schedules that name none. Default UTC; {@code SCHEDULER_TIMEZONE}. */
  public ZoneId timezone() {
    return timezone;
  }

  /**
   * How many runs may execute at once in this instance: the size of the worker pool, one thread per
   * concurrent run; runs beyond it wait in order. From 1 to {@value #MAX_CONCURRENT_RUNS_LIMIT}.
   * Default 10; {@code SCHEDULER_MAX_CONCURRENT}.
   */
  public int maxConcurrentRuns() {
    return maxConcurrentRuns;
  }

  /**
   * This instance's name in locks and {@link ExecutionRecord#node()}. Default {@code <host
   * name>-<pid>}, e.g. {@code myhost-12345}; {@code SCHEDULER_INSTANCE_ID}.
   */
  public String instanceId() {
    return instanceId;
  }

  /** How long execution records are kept. Default 30 days; {@code SCHEDULER_HISTORY_RETENTION}. */
  public Duration historyRetention() {
    return historyRetention;
  }

  /**
   * How long {@code stop()} waits for running jobs. Default 30 s; {@code SCHEDULER_SHUTDOWN_GRACE}.
   */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * How late a slot may start and still count as on time rather than missed. Default 60 s; {@code
   * SCHEDULER_MISFIRE_GRACE}.
   */
  public Duration misfireGrace() {
    return misfireGrace;
  }

  /**
   * How long before its slot a scheduled run is claimed and recorded, when claims are round trips
   * (a persistent store or a shared lock backend, with time that moves by itself): the run then
   * starts at its slot, not one claim later, even when many slots come due together. Its record
   * shows RUNNING from the claim; it counts as in flight, so a stop starts it at its slot when that
   * comes within the shutdown grace. A slot is claimed ahead only when its schedule has no run in
   * flight and no dependencies; otherwise, and when this is zero, it is claimed when due. Default
   * 250 ms; {@code SCHEDULER_CLAIM_AHEAD}.
   */
  public Duration claimAhead() {
    return claimAhead;
  }

  /**
   * How long a job that was interrupted (timeout, cancel, stop past its grace) has to stop before
   * it is abandoned: its record is finished and its worker replaced. Default 5 s; {@code
   * SCHEDULER_INTERRUPT_GRACE}.
   */
  public Duration interruptGrace() {
    return interruptGrace;
  }

  /**
   * How often stored schedules are read again, so that schedules created by other instances and
   * rows edited by an operator are picked up. Default 30 s; {@code SCHEDULER_REFRESH_INTERVAL}.
   */
  public Duration refreshInterval() {
    return refreshInterval;
  }

  /**
   * How old a running run's heartbeat may get before a live instance marks it ABANDONED and retries
   * it under its policy (shared stores). Default 60 s; {@code SCHEDULER_HEARTBEAT_TIMEOUT}.
   */
  public Duration heartbeatTimeout() {
    return heartbeatTimeout;
  }

  /**
   * How often this instance records that its running runs are alive (shared stores). Default 10 s;
   * {@code SCHEDULER_HEARTBEAT_INTERVAL}.
   */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * The most missed slots {@link MisfirePolicy#FIRE_ALL} catches up on at once. Default 100; {@code
   * SCHEDULER_FIRE_ALL_LIMIT}.
   */
  public int fireAllLimit() {
    return fireAllLimit;
  }

  /**
   * The most execution records kept per schedule. Default 1000; {@code SCHEDULER_HISTORY_LIMIT}.
   */
  public int historyLimitPerSchedule() {
    return historyLimitPerSchedule;
  }

  /**
   * The most bytes of output kept per run. Default 65536 (64 KiB); {@code SCHEDULER_OUTPUT_LIMIT}.
   */
  public int outputLimitBytes() {
    return outputLimitBytes;
  }

  /**
   * The share of recent runs of a schedule that may fail before health turns {@code DEGRADED}, in
   * [0, 1]. Default 0.5; {@code SCHEDULER_FAILURE_RATE_THRESHOLD}.
   */
  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * The http or https URL notified of failed runs. Default none ({@code null}); {@code
   * SCHEDULER_WEBHOOK_URL}.
   */
  public URI webhookUrl() {
    return webhookUrl;
  }

  /**
   * Whether the webhook is also notified of successful runs. Default {@code false}; {@code
   * SCHEDULER_WEBHOOK_ON_SUCCESS}.
   */
  public boolean webhookOnSuccess() {
    return webhookOnSuccess;
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

  /**
   * The effective settings on one line, for the log at start: the password shown as {@code ***},
   * passwords inside URLs masked and the webhook reduced to scheme and host.
   */
  @Override
  public String toString() {
    return "SchedulerConfig{persistSchedules="
        + persistSchedules
        + ", dbPath="
        + dbPath
        + ", dbUrl="
        + Secrets.maskUrl(dbUrl)
        + ", dbUser="
        + dbUser
        + ", dbPassword="
        + (dbPassword == null ? null : Secrets.MASK)
        + ", distributed="
        + distributed
        + ", lockBackend="
        + lockBackendName
        + (lockBackend == null ? "" : " (" + lockBackend.getClass().getName() + ")")
        + ", lockDirectory="
        + lockDirectory
        + ", redisUrl="
        + Secrets.maskUrl(redisUrl)
        + ", timezone="
        + timezone
        + ", maxConcurrentRuns="
        + maxConcurrentRuns
        + ", instanceId="
        + instanceId
        + ", historyRetention="
        + historyRetention
        + ", shutdownGrace="
        + shutdownGrace
        + ", misfireGrace="
        + misfireGrace
        + ", claimAhead="
        + claimAhead
        + ", interruptGrace="
        + interruptGrace
        + ", refreshInterval="
        + refreshInterval
        + ", heartbeatTimeout="
        + heartbeatTimeout
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", fireAllLimit="
        + fireAllLimit
        + ", historyLimitPerSchedule="
        + historyLimitPerSchedule
        + ", outputLimitBytes="
        + outputLimitBytes
        + ", failureRateThreshold="
        + failureRateThreshold
        + ", webhookUrl="
        + Secrets.maskWebhook(webhookUrl)
        + ", webhookOnSuccess="
        + webhookOnSuccess
        + ", clock="
        + clock
        + ", meterRegistry="
        + meterRegistry.getClass().getSimpleName()
        + "}";
  }

  /**
   * Builds a {@link SchedulerConfig}. Each setter validates its argument at once and returns this
   * builder. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private boolean persistSchedules = DEFAULT_PERSIST_SCHEDULES;
    private Path dbPath = DEFAULT_DB_PATH;
    private String dbUrl;
    private String dbUser;
    private String dbPassword;
    private boolean distributed = DEFAULT_DISTRIBUTED;
    private String lockBackendName = DEFAULT_LOCK_BACKEND;
    private LockBackend lockBackend;
    private Path lockDirectory = DEFAULT_LOCK_DIRECTORY;
    private String redisUrl = DEFAULT_REDIS_URL;
    private ZoneId timezone = DEFAULT_TIMEZONE;
    private int maxConcurrentRuns = DEFAULT_MAX_CONCURRENT_RUNS;
    private String instanceId; // null: host name + pid, looked up in build()
    private Duration historyRetention = DEFAULT_HISTORY_RETENTION;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private Duration misfireGrace = DEFAULT_MISFIRE_GRACE;
    private Duration claimAhead = DEFAULT_CLAIM_AHEAD;
    private Duration interruptGrace = DEFAULT_INTERRUPT_GRACE;
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
    private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private int fireAllLimit = DEFAULT_FIRE_ALL_LIMIT;
    private int historyLimitPerSchedule = DEFAULT_HISTORY_LIMIT_PER_SCHEDULE;
    private int outputLimitBytes = DEFAULT_OUTPUT_LIMIT_BYTES;
    private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
    private URI webhookUrl;
    private boolean webhookOnSuccess = DEFAULT_WEBHOOK_ON_SUCCESS;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry = Metrics.globalRegistry;

    private Builder() {}

    private Builder(SchedulerConfig c) {
      persistSchedules = c.persistSchedules;
      dbPath = c.dbPath;
      dbUrl = c.dbUrl;
      dbUser = c.dbUser;
      dbPassword = c.dbPassword;
      distributed = c.distributed;
      lockBackendName = c.lockBackendName;
      lockBackend = c.lockBackend;
      lockDirectory = c.lockDirectory;
      redisUrl = c.redisUrl;
      timezone = c.timezone;
      maxConcurrentRuns = c.maxConcurrentRuns;
      instanceId = c.instanceId;
      historyRetention = c.historyRetention;
      shutdownGrace = c.shutdownGrace;
      misfireGrace = c.misfireGrace;
      claimAhead = c.claimAhead;
      interruptGrace = c.interruptGrace;
      refreshInterval = c.refreshInterval;
      heartbeatTimeout = c.heartbeatTimeout;
      heartbeatInterval = c.heartbeatInterval;
      fireAllLimit = c.fireAllLimit;
      historyLimitPerSchedule = c.historyLimitPerSchedule;
      outputLimitBytes = c.outputLimitBytes;
      failureRateThreshold = c.failureRateThreshold;
      webhookUrl = c.webhookUrl;
      webhookOnSuccess = c.webhookOnSuccess;
      clock = c.clock;
      meterRegistry = c.meterRegistry;
    }

    /** See {@link SchedulerConfig#persistSchedules()}. Default {@code true}. */
    public Builder persistSchedules(boolean v) {
      persistSchedules = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#dbPath()}.
     *
     * @throws SchedulerException when the path is empty
     */
    public Builder dbPath(Path v) {
      dbPath = notEmpty("dbPath", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#dbUrl()}; {@code null} unsets it.
     *
     * @throws SchedulerException when it is blank or does not start with {@code jdbc:}
     */
    public Builder dbUrl(String v) {
      if (v != null && !v.regionMatches(true, 0, "jdbc:", 0, 5)) {
        throw rejected(
            "dbUrl must be a JDBC URL starting with 'jdbc:', e.g."
                + " jdbc:postgresql://localhost:5432/scheduler",
            quote(Secrets.maskUrl(v)));
      }
      dbUrl = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#dbUser()}; {@code null} unsets it.
     *
     * @throws SchedulerException when it is blank
     */
    public Builder dbUser(String v) {
      dbUser = v == null ? null : notBlank("dbUser", v);
      return this;
    }

    /** See {@link SchedulerConfig#dbPassword()}; {@code null} unsets it, any other value goes. */
    public Builder dbPassword(String v) {
      dbPassword = v;
      return this;
    }

    /** See {@link SchedulerConfig#distributed()}. Default {@code false}. */
    public Builder distributed(boolean v) {
      distributed = v;
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
      lockBackendName = notBlank("lockBackend", v).strip().toLowerCase(Locale.ROOT);
      lockBackend = null;
      return this;
    }

    /**
     * Uses this lock backend instance; {@link SchedulerConfig#lockBackendName()} becomes its {@link
     * LockBackend#name()}. Requires {@link #distributed(boolean) distributed(true)}, checked in
     * {@link #build()}. The scheduler closes it on {@code close()}.
     *
     * @throws SchedulerException when its name is null or blank
     */
    public Builder lockBackend(LockBackend v) {
      notNull("lockBackend", v);
      String name = v.name();
      if (name == null || name.isBlank()) {
        throw rejected("lockBackend.name() must not be blank", name == null ? "null" : quote(name));
      }
      lockBackend = v;
      lockBackendName = name;
      return this;
    }

    /**
     * See {@link SchedulerConfig#lockDirectory()}.
     *
     * @throws SchedulerException when the path is empty
     */
    public Builder lockDirectory(Path v) {
      lockDirectory = notEmpty("lockDirectory", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#redisUrl()}.
     *
     * @throws SchedulerException unless it starts with {@code redis://} or {@code rediss://}
     */
    public Builder redisUrl(String v) {
      notNull("redisUrl", v);
      if (!v.regionMatches(true, 0, "redis://", 0, 8)
          && !v.regionMatches(true, 0, "rediss://", 0, 9)) {
        throw rejected(
            "redisUrl must start with redis:// or rediss://, e.g. redis://localhost:6379",
            quote(Secrets.maskUrl(v)));
      }
      redisUrl = v;
      return this;
    }

    /** See {@link SchedulerConfig#timezone()}. Default UTC. */
    public Builder timezone(ZoneId v) {
      timezone = notNull("timezone", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#maxConcurrentRuns()}. Default 10.
     *
     * @throws SchedulerException when below 1 or above {@value
     *     SchedulerConfig#MAX_CONCURRENT_RUNS_LIMIT}
     */
    public Builder maxConcurrentRuns(int v) {
      atLeast("maxConcurrentRuns", v, 1);
      if (v > MAX_CONCURRENT_RUNS_LIMIT) {
        throw Checks.rejected(
            "maxConcurrentRuns must be at most " + MAX_CONCURRENT_RUNS_LIMIT, String.valueOf(v));
      }
      maxConcurrentRuns = v;
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
     * See {@link SchedulerConfig#historyRetention()}. Default 30 days.
     *
     * @throws SchedulerException unless positive
     */
    public Builder historyRetention(Duration v) {
      historyRetention = positive("historyRetention", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#shutdownGrace()}; zero means do not wait. Default 30 s.
     *
     * @throws SchedulerException when negative
     */
    public Builder shutdownGrace(Duration v) {
      shutdownGrace = notNegative("shutdownGrace", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#misfireGrace()}. Default 60 s.
     *
     * @throws SchedulerException when negative
     */
    public Builder misfireGrace(Duration v) {
      misfireGrace = notNegative("misfireGrace", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#claimAhead()}. Default 250 ms; zero claims every slot when due.
     *
     * @throws SchedulerException when negative or a minute or more
     */
    public Builder claimAhead(Duration v) {
      Duration ahead = notNegative("claimAhead", v);
      if (ahead.compareTo(Duration.ofMinutes(1)) >= 0) {
        throw Checks.rejected(
            "claimAhead must be less than a minute (e.g. 250ms)", ahead.toString());
      }
      claimAhead = ahead;
      return this;
    }

    /**
     * See {@link SchedulerConfig#interruptGrace()}. Default 5 s.
     *
     * @throws SchedulerException when negative
     */
    public Builder interruptGrace(Duration v) {
      interruptGrace = notNegative("interruptGrace", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#refreshInterval()}. Default 30 s.
     *
     * @throws SchedulerException when not positive
     */
    public Builder refreshInterval(Duration v) {
      refreshInterval = positive("refreshInterval", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#heartbeatTimeout()}. Default 60 s.
     *
     * @throws SchedulerException when not positive
     */
    public Builder heartbeatTimeout(Duration v) {
      heartbeatTimeout = positive("heartbeatTimeout", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#heartbeatInterval()}. Default 10 s.
     *
     * @throws SchedulerException when not positive
     */
    public Builder heartbeatInterval(Duration v) {
      heartbeatInterval = positive("heartbeatInterval", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#fireAllLimit()}. Default 100.
     *
     * @throws SchedulerException when below 1
     */
    public Builder fireAllLimit(int v) {
      fireAllLimit = atLeast("fireAllLimit", v, 1);
      return this;
    }

    /**
     * See {@link SchedulerConfig#historyLimitPerSchedule()}. Default 1000.
     *
     * @throws SchedulerException when below 1
     */
    public Builder historyLimitPerSchedule(int v) {
      historyLimitPerSchedule = atLeast("historyLimitPerSchedule", v, 1);
      return this;
    }

    /**
     * See {@link SchedulerConfig#outputLimitBytes()}. Default 65536.
     *
     * @throws SchedulerException when below 1
     */
    public Builder outputLimitBytes(int v) {
      outputLimitBytes = atLeast("outputLimitBytes", v, 1);
      return this;
    }

    /**
     * See {@link SchedulerConfig#failureRateThreshold()}. Default 0.5.
     *
     * @throws SchedulerException when outside [0, 1] or NaN
     */
    public Builder failureRateThreshold(double v) {
      failureRateThreshold = fraction("failureRateThreshold", v);
      return this;
    }

    /**
     * See {@link SchedulerConfig#webhookUrl()}; {@code null} unsets it.
     *
     * @throws SchedulerException unless it is an absolute http or https URL with a host
     */
    public Builder webhookUrl(URI v) {
      if (v != null && !isHttpUrl(v)) {
        throw rejected(
            "webhookUrl must be an absolute http or https URL, e.g."
                + " https://hooks.example.com/scheduler",
            quote(Secrets.maskUrl(v.toString())));
      }
      webhookUrl = v;
      return this;
    }

    /**
     * See {@link SchedulerConfig#webhookOnSuccess()}; needs a {@link #webhookUrl(URI)}, checked in
     * {@link #build()}. Default {@code false}.
     */
    public Builder webhookOnSuccess(boolean v) {
      webhookOnSuccess = v;
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
     * The configuration. Looks up the default instance id on first use (once per JVM).
     *
     * @throws SchedulerException when a lock backend instance is given but {@code distributed} is
     *     off (it would never be used), or {@code webhookOnSuccess} is on without a {@code
     *     webhookUrl}
     */
    public SchedulerConfig build() {
      if (lockBackend != null && !distributed) {
        throw new SchedulerException(
            "lockBackend was given an instance ('"
                + lockBackendName
                + "') but distributed is false, so it would never be used;"
                + " call distributed(true) or drop the lockBackend");
      }
      if (webhookOnSuccess && webhookUrl == null) {
        throw new SchedulerException(
            "webhookOnSuccess is true but no webhookUrl is set (SCHEDULER_WEBHOOK_URL);"
                + " set a webhook URL or turn webhookOnSuccess off");
      }
      if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
        throw new SchedulerException(
            "heartbeatTimeout ("
                + heartbeatTimeout
                + ") must be longer than heartbeatInterval ("
                + heartbeatInterval
                + "), or live runs would be marked ABANDONED");
      }
      return new SchedulerConfig(this);
    }

    private static Path notEmpty(String name, Path v) {
      notNull(name, v);
      if (v.toString().isEmpty()) {
        throw rejected(name + " must not be empty", "''");
      }
      return v;
    }

    private static boolean isHttpUrl(URI v) {
      String scheme = v.getScheme();
      return v.isAbsolute()
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && v.getHost() != null;
    }
  }
}
