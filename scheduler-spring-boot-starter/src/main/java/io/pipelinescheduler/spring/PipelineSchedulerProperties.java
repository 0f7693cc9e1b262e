package io.pipelinescheduler.spring;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SmtpTls;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code pipeline.scheduler.*} properties: the {@link SchedulerConfig} settings, each unset
 * (null) by default so that the builder's default applies. Values are checked by the builder when
 * the scheduler bean is made; a bad one fails start-up naming the property and the value.
 */
@ConfigurationProperties("pipeline.scheduler")
public class PipelineSchedulerProperties {
  /** Whether the auto-configuration creates a scheduler at all. */
  private boolean enabled = true;

  /** Keep schedules and history in a database (the application's DataSource when there is one). */
  private Boolean persistSchedules;

  /** The SQLite file, used when there is neither a DataSource nor a db-url. */
  private Path dbPath;

  /** A JDBC URL of the store's own database, used when the application has no DataSource. */
  private String dbUrl;

  /** The user for db-url. */
  private String dbUser;

  /** The password for db-url; never logged. */
  private String dbPassword;

  /** Whether to use the application's DataSource bean (when there is one) for the store. */
  private boolean useApplicationDataSource = true;

  /** Several instances agree on each slot through the lock backend. */
  private Boolean distributed;

  /** The lock backend's name: file, redis, database, or a provider's. */
  private String lockBackend;

  /** The directory of the file lock backend. */
  private Path lockDirectory;

  /** The Redis URL of the redis lock backend. */
  private String redisUrl;

  /** The default time zone of schedules. */
  private ZoneId timezone;

  /** The most runs at once. */
  private Integer maxConcurrentRuns;

  /** This instance's name in runs and locks. */
  private String instanceId;

  /** How long execution records are kept. */
  private Duration historyRetention;

  /** The most execution records kept per schedule. */
  private Integer historyLimitPerSchedule;

  /** How long stop waits for running jobs before interrupting them. */
  private Duration shutdownGrace;

  /** How long interrupted jobs get to end. */
  private Duration interruptGrace;

  /** How late a slot may still run. */
  private Duration misfireGrace;

  /** How often stored schedules are read again. */
  private Duration refreshInterval;

  /** How far ahead slots are claimed. */
  private Duration claimAhead;

  /** After how long without a heartbeat a run is abandoned. */
  private Duration heartbeatTimeout;

  /** How often running jobs send a heartbeat. */
  private Duration heartbeatInterval;

  /** The most missed slots run on catch-up under FIRE_ALL. */
  private Integer fireAllLimit;

  /** The most bytes of output kept per run. */
  private Integer outputLimitBytes;

  /** The failure rate above which health is DEGRADED, 0 to 1. */
  private Double failureRateThreshold;

  /** How many latest runs of one schedule must all fail for health to be DEGRADED, 1 to 20. */
  private Integer failingScheduleRuns;

  /** How long a dependsOn slot waits for its upstream's run of the same period. */
  private Duration dependencyWait;

  /** A URL notified of failed runs. */
  private java.net.URI webhookUrl;

  /** Whether the webhook is notified of successful runs too. */
  private Boolean webhookOnSuccess;

  /** The SMTP server notification emails go through; unset sends no email. */
  private String smtpHost;

  /** The SMTP port; default 587, 465 or 25 by smtp-tls. */
  private Integer smtpPort;

  /** How the SMTP connection is protected: starttls (default), smtps or none. */
  private SmtpTls smtpTls;

  /** The user to log in to the SMTP server as. */
  private String smtpUser;

  /** The SMTP password; never logged. */
  private String smtpPassword;

  /** The sender of notification emails, e.g. scheduler@example.com. */
  private String mailFrom;

  /** The recipients of every schedule's notification emails. */
  private List<String> mailTo;

  /** Whether successful runs are notified (email and webhooks). */
  private Boolean notifyOnSuccess;

  /** Whether the first success after failures is notified. */
  private Boolean notifyOnRecovery;

  /** The shortest time between two notifications about one schedule; 0 sends all. */
  private Duration notifyMinInterval;

  /** The REST API and dashboard in the application's web server (needs scheduler-http). */
  private final Http http = new Http();

  /** Applies the set properties to a builder, naming the property of a value it rejects. */
  void applyTo(SchedulerConfig.Builder b) {
    PropertySetter set = new PropertySetter("pipeline.scheduler.");
    set.apply("persist-schedules", persistSchedules, b::persistSchedules);
    set.apply("db-path", dbPath, b::dbPath);
    set.apply("db-url", dbUrl, b::dbUrl);
    set.apply("db-user", dbUser, b::dbUser);
    set.apply("db-password", dbPassword == null ? null : "***", v -> b.dbPassword(dbPassword));
    set.apply("distributed", distributed, b::distributed);
    set.apply("lock-backend", lockBackend, b::lockBackend);
    set.apply("lock-directory", lockDirectory, b::lockDirectory);
    set.apply("redis-url", redisUrl, b::redisUrl);
    set.apply("timezone", timezone, b::timezone);
    set.apply("max-concurrent-runs", maxConcurrentRuns, b::maxConcurrentRuns);
    set.apply("instance-id", instanceId, b::instanceId);
    set.apply("history-retention", historyRetention, b::historyRetention);
    set.apply("history-limit-per-schedule", historyLimitPerSchedule, b::historyLimitPerSchedule);
    set.apply("shutdown-grace", shutdownGrace, b::shutdownGrace);
    set.apply("interrupt-grace", interruptGrace, b::interruptGrace);
    set.apply("misfire-grace", misfireGrace, b::misfireGrace);
    set.apply("refresh-interval", refreshInterval, b::refreshInterval);
    set.apply("claim-ahead", claimAhead, b::claimAhead);
    set.apply("heartbeat-timeout", heartbeatTimeout, b::heartbeatTimeout);
    set.apply("heartbeat-interval", heartbeatInterval, b::heartbeatInterval);
    set.apply("fire-all-limit", fireAllLimit, b::fireAllLimit);
    set.apply("output-limit-bytes", outputLimitBytes, b::outputLimitBytes);
    set.apply("failure-rate-threshold", failureRateThreshold, b::failureRateThreshold);
    set.apply("failing-schedule-runs", failingScheduleRuns, b::failingScheduleRuns);
    set.apply("dependency-wait", dependencyWait, b::dependencyWait);
    set.apply("webhook-url", webhookUrl, b::webhookUrl);
    set.apply("webhook-on-success", webhookOnSuccess, b::webhookOnSuccess);
    set.apply("smtp-host", smtpHost, b::smtpHost);
    set.apply("smtp-port", smtpPort, b::smtpPort);
    set.apply("smtp-tls", smtpTls, b::smtpTls);
    set.apply("smtp-user", smtpUser, b::smtpUser);
    set.apply(
        "smtp-password", smtpPassword == null ? null : "***", v -> b.smtpPassword(smtpPassword));
    set.apply("mail-from", mailFrom, b::mailFrom);
    set.apply("mail-to", mailTo, v -> b.mailTo(v.toArray(String[]::new)));
    set.apply("notify-on-success", notifyOnSuccess, b::notifyOnSuccess);
    set.apply("notify-on-recovery", notifyOnRecovery, b::notifyOnRecovery);
    set.apply("notify-min-interval", notifyMinInterval, b::notifyMinInterval);
  }

  /** The {@code pipeline.scheduler.http.*} properties. */
  public Http getHttp() {
    return http;
  }

  /** See the field. */
  public boolean isEnabled() {
    return enabled;
  }

  /** See the field. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** See the field. */
  public Boolean getPersistSchedules() {
    return persistSchedules;
  }

  /** See the field. */
  public void setPersistSchedules(Boolean persistSchedules) {
    this.persistSchedules = persistSchedules;
  }

  /** See the field. */
  public Path getDbPath() {
    return dbPath;
  }

  /** See the field. */
  public void setDbPath(Path dbPath) {
    this.dbPath = dbPath;
  }

  /** See the field. */
  public String getDbUrl() {
    return dbUrl;
  }

  /** See the field. */
  public void setDbUrl(String dbUrl) {
    this.dbUrl = dbUrl;
  }

  /** See the field. */
  public String getDbUser() {
    return dbUser;
  }

  /** See the field. */
  public void setDbUser(String dbUser) {
    this.dbUser = dbUser;
  }

  /** See the field. */
  public String getDbPassword() {
    return dbPassword;
  }

  /** See the field. */
  public void setDbPassword(String dbPassword) {
    this.dbPassword = dbPassword;
  }

  /** See the field. */
  public boolean isUseApplicationDataSource() {
    return useApplicationDataSource;
  }

  /** See the field. */
  public void setUseApplicationDataSource(boolean useApplicationDataSource) {
    this.useApplicationDataSource = useApplicationDataSource;
  }

  /** See the field. */
  public Boolean getDistributed() {
    return distributed;
  }

  /** See the field. */
  public void setDistributed(Boolean distributed) {
    this.distributed = distributed;
  }

  /** See the field. */
  public String getLockBackend() {
    return lockBackend;
  }

  /** See the field. */
  public void setLockBackend(String lockBackend) {
    this.lockBackend = lockBackend;
  }

  /** See the field. */
  public Path getLockDirectory() {
    return lockDirectory;
  }

  /** See the field. */
  public void setLockDirectory(Path lockDirectory) {
    this.lockDirectory = lockDirectory;
  }

  /** See the field. */
  public String getRedisUrl() {
    return redisUrl;
  }

  /** See the field. */
  public void setRedisUrl(String redisUrl) {
    this.redisUrl = redisUrl;
  }

  /** See the field. */
  public ZoneId getTimezone() {
    return timezone;
  }

  /** See the field. */
  public void setTimezone(ZoneId timezone) {
    this.timezone = timezone;
  }

  /** See the field. */
  public Integer getMaxConcurrentRuns() {
    return maxConcurrentRuns;
  }

  /** See the field. */
  public void setMaxConcurrentRuns(Integer maxConcurrentRuns) {
    this.maxConcurrentRuns = maxConcurrentRuns;
  }

  /** See the field. */
  public String getInstanceId() {
    return instanceId;
  }

  /** See the field. */
  public void setInstanceId(String instanceId) {
    this.instanceId = instanceId;
  }

  /** See the field. */
  public Duration getHistoryRetention() {
    return historyRetention;
  }

  /** See the field. */
  public void setHistoryRetention(Duration historyRetention) {
    this.historyRetention = historyRetention;
  }

  /** See the field. */
  public Integer getHistoryLimitPerSchedule() {
    return historyLimitPerSchedule;
  }

  /** See the field. */
  public void setHistoryLimitPerSchedule(Integer historyLimitPerSchedule) {
    this.historyLimitPerSchedule = historyLimitPerSchedule;
  }

  /** See the field. */
  public Duration getShutdownGrace() {
    return shutdownGrace;
  }

  /** See the field. */
  public void setShutdownGrace(Duration shutdownGrace) {
    this.shutdownGrace = shutdownGrace;
  }

  /** See the field. */
  public Duration getInterruptGrace() {
    return interruptGrace;
  }

  /** See the field. */
  public void setInterruptGrace(Duration interruptGrace) {
    this.interruptGrace = interruptGrace;
  }

  /** See the field. */
  public Duration getMisfireGrace() {
    return misfireGrace;
  }

  /** See the field. */
  public void setMisfireGrace(Duration misfireGrace) {
    this.misfireGrace = misfireGrace;
  }

  /** See the field. */
  public Duration getRefreshInterval() {
    return refreshInterval;
  }

  /** See the field. */
  public void setRefreshInterval(Duration refreshInterval) {
    this.refreshInterval = refreshInterval;
  }

  /** See the field. */
  public Duration getClaimAhead() {
    return claimAhead;
  }

  /** See the field. */
  public void setClaimAhead(Duration claimAhead) {
    this.claimAhead = claimAhead;
  }

  /** See the field. */
  public Duration getHeartbeatTimeout() {
    return heartbeatTimeout;
  }

  /** See the field. */
  public void setHeartbeatTimeout(Duration heartbeatTimeout) {
    this.heartbeatTimeout = heartbeatTimeout;
  }

  /** See the field. */
  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  /** See the field. */
  public void setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  /** See the field. */
  public Integer getFireAllLimit() {
    return fireAllLimit;
  }

  /** See the field. */
  public void setFireAllLimit(Integer fireAllLimit) {
    this.fireAllLimit = fireAllLimit;
  }

  /** See the field. */
  public Integer getOutputLimitBytes() {
    return outputLimitBytes;
  }

  /** See the field. */
  public void setOutputLimitBytes(Integer outputLimitBytes) {
    this.outputLimitBytes = outputLimitBytes;
  }

  /** See the field. */
  public Double getFailureRateThreshold() {
    return failureRateThreshold;
  }

  /** See the field. */
  public void setFailureRateThreshold(Double failureRateThreshold) {
    this.failureRateThreshold = failureRateThreshold;
  }

  /** See the field. */
  public Integer getFailingScheduleRuns() {
    return failingScheduleRuns;
  }

  /** See the field. */
  public void setFailingScheduleRuns(Integer failingScheduleRuns) {
    this.failingScheduleRuns = failingScheduleRuns;
  }

  /** See the field. */
  public Duration getDependencyWait() {
    return dependencyWait;
  }

  /** See the field. */
  public void setDependencyWait(Duration dependencyWait) {
    this.dependencyWait = dependencyWait;
  }

  /** See the field. */
  public java.net.URI getWebhookUrl() {
    return webhookUrl;
  }

  /** See the field. */
  public void setWebhookUrl(java.net.URI webhookUrl) {
    this.webhookUrl = webhookUrl;
  }

  /** See the field. */
  public Boolean getWebhookOnSuccess() {
    return webhookOnSuccess;
  }

  /** See the field. */
  public void setWebhookOnSuccess(Boolean webhookOnSuccess) {
    this.webhookOnSuccess = webhookOnSuccess;
  }

  /** See the field. */
  public String getSmtpHost() {
    return smtpHost;
  }

  /** See the field. */
  public void setSmtpHost(String smtpHost) {
    this.smtpHost = smtpHost;
  }

  /** See the field. */
  public Integer getSmtpPort() {
    return smtpPort;
  }

  /** See the field. */
  public void setSmtpPort(Integer smtpPort) {
    this.smtpPort = smtpPort;
  }

  /** See the field. */
  public SmtpTls getSmtpTls() {
    return smtpTls;
  }

  /** See the field. */
  public void setSmtpTls(SmtpTls smtpTls) {
    this.smtpTls = smtpTls;
  }

  /** See the field. */
  public String getSmtpUser() {
    return smtpUser;
  }

  /** See the field. */
  public void setSmtpUser(String smtpUser) {
    this.smtpUser = smtpUser;
  }

  /** See the field. */
  public String getSmtpPassword() {
    return smtpPassword;
  }

  /** See the field. */
  public void setSmtpPassword(String smtpPassword) {
    this.smtpPassword = smtpPassword;
  }

  /** See the field. */
  public String getMailFrom() {
    return mailFrom;
  }

  /** See the field. */
  public void setMailFrom(String mailFrom) {
    this.mailFrom = mailFrom;
  }

  /** See the field. */
  public List<String> getMailTo() {
    return mailTo;
  }

  /** See the field. */
  public void setMailTo(List<String> mailTo) {
    this.mailTo = mailTo;
  }

  /** See the field. */
  public Boolean getNotifyOnSuccess() {
    return notifyOnSuccess;
  }

  /** See the field. */
  public void setNotifyOnSuccess(Boolean notifyOnSuccess) {
    this.notifyOnSuccess = notifyOnSuccess;
  }

  /** See the field. */
  public Boolean getNotifyOnRecovery() {
    return notifyOnRecovery;
  }

  /** See the field. */
  public void setNotifyOnRecovery(Boolean notifyOnRecovery) {
    this.notifyOnRecovery = notifyOnRecovery;
  }

  /** See the field. */
  public Duration getNotifyMinInterval() {
    return notifyMinInterval;
  }

  /** See the field. */
  public void setNotifyMinInterval(Duration notifyMinInterval) {
    this.notifyMinInterval = notifyMinInterval;
  }

  /**
   * The {@code pipeline.scheduler.http.*} properties: the REST API and dashboard of scheduler-http
   * mounted in the application's servlet web server.
   */
  public static class Http {
    /** Whether the API and dashboard are mounted (when scheduler-http is on the class path). */
    private boolean enabled = true;

    /** Where they are mounted: the dashboard at path/, the API at path/api/. */
    private String path = "/scheduler";

    /**
     * Without Spring Security: the bearer token calls need; generated at start when unset (the log
     * names the file it is written to).
     */
    private String token;

    /**
     * Without Spring Security: where a generated token is written; default
     * ~/.pipeline-scheduler/http-PORT.token.
     */
    private Path tokenFile;

    /**
     * Without Spring Security: whether reads (GET) are open to anyone; default false: they need the
     * token too (the dashboard page itself is always served).
     */
    private boolean openReads;

    /** With Spring Security: the role that may read (GET, HEAD), without the ROLE_ prefix. */
    private String viewerRole = "SCHEDULER_VIEWER";

    /** With Spring Security: the role that may read and change, without the ROLE_ prefix. */
    private String operatorRole = "SCHEDULER_OPERATOR";

    /** The largest request body accepted; larger ones get 413. */
    private int maxBodyBytes = 1048576;

    /** Whether schedules that run commands may be defined over HTTP. */
    private boolean allowCommandJobs;

    /**
     * Host names the Host header must name (any port); default none: no Host check, the web server
     * decides which hosts it serves.
     */
    private List<String> allowedHosts = new ArrayList<>();

    /** See the field. */
    public boolean isEnabled() {
      return enabled;
    }

    /** See the field. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** See the field. */
    public String getPath() {
      return path;
    }

    /** See the field. */
    public void setPath(String path) {
      this.path = path;
    }

    /** See the field. */
    public String getToken() {
      return token;
    }

    /** See the field. */
    public void setToken(String token) {
      this.token = token;
    }

    /** See the field. */
    public Path getTokenFile() {
      return tokenFile;
    }

    /** See the field. */
    public void setTokenFile(Path tokenFile) {
      this.tokenFile = tokenFile;
    }

    /** See the field. */
    public boolean isOpenReads() {
      return openReads;
    }

    /** See the field. */
    public void setOpenReads(boolean openReads) {
      this.openReads = openReads;
    }

    /** See the field. */
    public String getViewerRole() {
      return viewerRole;
    }

    /** See the field. */
    public void setViewerRole(String viewerRole) {
      this.viewerRole = viewerRole;
    }

    /** See the field. */
    public String getOperatorRole() {
      return operatorRole;
    }

    /** See the field. */
    public void setOperatorRole(String operatorRole) {
      this.operatorRole = operatorRole;
    }

    /** See the field. */
    public int getMaxBodyBytes() {
      return maxBodyBytes;
    }

    /** See the field. */
    public void setMaxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    /** See the field. */
    public boolean isAllowCommandJobs() {
      return allowCommandJobs;
    }

    /** See the field. */
    public void setAllowCommandJobs(boolean allowCommandJobs) {
      this.allowCommandJobs = allowCommandJobs;
    }

    /** See the field. */
    public List<String> getAllowedHosts() {
      return allowedHosts;
    }

    /** See the field. */
    public void setAllowedHosts(List<String> allowedHosts) {
      this.allowedHosts = allowedHosts;
    }
  }
}
