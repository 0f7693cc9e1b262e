package io.pipelinescheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Immutable scheduler configuration. Build with {@link #builder()}, take {@link #defaults()}, or
 * read {@code SCHEDULER_*} environment variables with {@link #fromEnvironment()}.
 */
public final class SchedulerConfig {
  public static final boolean DEFAULT_PERSIST_SCHEDULES = true;
  public static final Path DEFAULT_DB_PATH = Path.of("./pipeline-scheduler.db");
  public static final String DEFAULT_LOCK_BACKEND = "file";
  public static final Path DEFAULT_LOCK_DIRECTORY = Path.of("./.pipeline-scheduler-locks");
  public static final String DEFAULT_REDIS_URL = "redis://localhost:6379";
  public static final ZoneId DEFAULT_TIMEZONE = ZoneOffset.UTC;
  public static final int DEFAULT_MAX_CONCURRENT_RUNS = 10;
  public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(30);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MISFIRE_GRACE = Duration.ofSeconds(60);
  public static final int DEFAULT_FIRE_ALL_LIMIT = 100;
  public static final int DEFAULT_HISTORY_LIMIT_PER_SCHEDULE = 1000;
  public static final int DEFAULT_OUTPUT_LIMIT_BYTES = 64 * 1024;
  public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;

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
    this.instanceId = b.instanceId;
    this.historyRetention = b.historyRetention;
    this.shutdownGrace = b.shutdownGrace;
    this.misfireGrace = b.misfireGrace;
    this.fireAllLimit = b.fireAllLimit;
    this.historyLimitPerSchedule = b.historyLimitPerSchedule;
    this.outputLimitBytes = b.outputLimitBytes;
    this.failureRateThreshold = b.failureRateThreshold;
    this.webhookUrl = b.webhookUrl;
    this.webhookOnSuccess = b.webhookOnSuccess;
    this.clock = b.clock;
    this.meterRegistry = b.meterRegistry;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static SchedulerConfig defaults() {
    return builder().build();
  }

  public static SchedulerConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  public static SchedulerConfig fromEnvironment(Map<String, String> environment) {
    return builder().build(); // TODO helper
  }

  public boolean persistSchedules() {
    return persistSchedules;
  }

  public Path dbPath() {
    return dbPath;
  }

  public String dbUrl() {
    return dbUrl;
  }

  public String dbUser() {
    return dbUser;
  }

  public String dbPassword() {
    return dbPassword;
  }

  public boolean distributed() {
    return distributed;
  }

  public String lockBackendName() {
    return lockBackendName;
  }

  public LockBackend lockBackend() {
    return lockBackend;
  }

  public Path lockDirectory() {
    return lockDirectory;
  }

  public String redisUrl() {
    return redisUrl;
  }

  public ZoneId timezone() {
    return timezone;
  }

  public int maxConcurrentRuns() {
    return maxConcurrentRuns;
  }

  public String instanceId() {
    return instanceId;
  }

  public Duration historyRetention() {
    return historyRetention;
  }

  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  public Duration misfireGrace() {
    return misfireGrace;
  }

  public int fireAllLimit() {
    return fireAllLimit;
  }

  public int historyLimitPerSchedule() {
    return historyLimitPerSchedule;
  }

  public int outputLimitBytes() {
    return outputLimitBytes;
  }

  public double failureRateThreshold() {
    return failureRateThreshold;
  }

  public URI webhookUrl() {
    return webhookUrl;
  }

  public boolean webhookOnSuccess() {
    return webhookOnSuccess;
  }

  public Clock clock() {
    return clock;
  }

  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  public static final class Builder {
    private boolean persistSchedules = DEFAULT_PERSIST_SCHEDULES;
    private Path dbPath = DEFAULT_DB_PATH;
    private String dbUrl;
    private String dbUser;
    private String dbPassword;
    private boolean distributed;
    private String lockBackendName = DEFAULT_LOCK_BACKEND;
    private LockBackend lockBackend;
    private Path lockDirectory = DEFAULT_LOCK_DIRECTORY;
    private String redisUrl = DEFAULT_REDIS_URL;
    private ZoneId timezone = DEFAULT_TIMEZONE;
    private int maxConcurrentRuns = DEFAULT_MAX_CONCURRENT_RUNS;
    private String instanceId = ProcessHandle.current().pid() + "@localhost";
    private Duration historyRetention = DEFAULT_HISTORY_RETENTION;
    private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
    private Duration misfireGrace = DEFAULT_MISFIRE_GRACE;
    private int fireAllLimit = DEFAULT_FIRE_ALL_LIMIT;
    private int historyLimitPerSchedule = DEFAULT_HISTORY_LIMIT_PER_SCHEDULE;
    private int outputLimitBytes = DEFAULT_OUTPUT_LIMIT_BYTES;
    private double failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
    private URI webhookUrl;
    private boolean webhookOnSuccess;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry = Metrics.globalRegistry;

    private Builder() {}

    public Builder persistSchedules(boolean v) {
      persistSchedules = v;
      return this;
    }

    public Builder dbPath(Path v) {
      dbPath = v;
      return this;
    }

    public Builder dbUrl(String v) {
      dbUrl = v;
      return this;
    }

    public Builder dbUser(String v) {
      dbUser = v;
      return this;
    }

    public Builder dbPassword(String v) {
      dbPassword = v;
      return this;
    }

    public Builder distributed(boolean v) {
      distributed = v;
      return this;
    }

    public Builder lockBackend(String v) {
      lockBackendName = v;
      lockBackend = null;
      return this;
    }

    public Builder lockBackend(LockBackend v) {
      lockBackend = v;
      lockBackendName = v.name();
      return this;
    }

    public Builder lockDirectory(Path v) {
      lockDirectory = v;
      return this;
    }

    public Builder redisUrl(String v) {
      redisUrl = v;
      return this;
    }

    public Builder timezone(ZoneId v) {
      timezone = v;
      return this;
    }

    public Builder maxConcurrentRuns(int v) {
      maxConcurrentRuns = v;
      return this;
    }

    public Builder instanceId(String v) {
      instanceId = v;
      return this;
    }

    public Builder historyRetention(Duration v) {
      historyRetention = v;
      return this;
    }

    public Builder shutdownGrace(Duration v) {
      shutdownGrace = v;
      return this;
    }

    public Builder misfireGrace(Duration v) {
      misfireGrace = v;
      return this;
    }

    public Builder fireAllLimit(int v) {
      fireAllLimit = v;
      return this;
    }

    public Builder historyLimitPerSchedule(int v) {
      historyLimitPerSchedule = v;
      return this;
    }

    public Builder outputLimitBytes(int v) {
      outputLimitBytes = v;
      return this;
    }

    public Builder failureRateThreshold(double v) {
      failureRateThreshold = v;
      return this;
    }

    public Builder webhookUrl(URI v) {
      webhookUrl = v;
      return this;
    }

    public Builder webhookOnSuccess(boolean v) {
      webhookOnSuccess = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public Builder meterRegistry(MeterRegistry v) {
      meterRegistry = v;
      return this;
    }

    public SchedulerConfig build() {
      return new SchedulerConfig(this);
    }
  }
}
