package io.pipelinescheduler.internal.config;

import static io.pipelinescheduler.internal.config.EnvironmentVariable.of;
import static io.pipelinescheduler.internal.config.EnvironmentVariable.url;

import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.SmtpTls;
import io.pipelinescheduler.spi.Secrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin adapter from {@code SCHEDULER_*} environment variables to {@link
 * SchedulerConfig.Builder}: each set, non-blank variable is parsed and passed to its setter, so
 * validation lives in one place. Stateless and thread-safe.
 */
public final class EnvironmentConfig {
  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentConfig.class);
  private static final String PREFIX = "SCHEDULER_";
  private static final String BOOLEAN = "true or false (yes/no, on/off and 1/0 also work)";

  /** Every variable read, in documentation order. */
  public static final List<EnvironmentVariable> VARIABLES =
      List.of(
          of("SCHEDULER_PERSIST", BOOLEAN, (b, v) -> b.persistSchedules(bool(v))),
          of(
              "SCHEDULER_DB_PATH",
              "a file path, e.g. ./pipeline-scheduler.db",
              (b, v) -> b.dbPath(Path.of(v))),
          url(
              "SCHEDULER_DB_URL",
              "a JDBC URL, e.g. jdbc:postgresql://localhost:5432/scheduler",
              (b, v) -> b.dbUrl(v)),
          of("SCHEDULER_DB_USER", "a user name", (b, v) -> b.dbUser(v)),
          new EnvironmentVariable(
              "SCHEDULER_DB_PASSWORD", "a password", v -> Secrets.MASK, (b, v) -> b.dbPassword(v)),
          of("SCHEDULER_DISTRIBUTED", BOOLEAN, (b, v) -> b.distributed(bool(v))),
          of(
              "SCHEDULER_LOCK_BACKEND",
              "a lock backend name, e.g. file or redis",
              (b, v) -> b.lockBackend(v)),
          of(
              "SCHEDULER_LOCK_DIR",
              "a directory path, e.g. ./.pipeline-scheduler-locks",
              (b, v) -> b.lockDirectory(Path.of(v))),
          url(
              "SCHEDULER_REDIS_URL",
              "a URL starting with redis:// or rediss://, e.g. redis://localhost:6379",
              (b, v) -> b.redisUrl(v)),
          of(
              "SCHEDULER_TIMEZONE",
              "a time zone id, e.g. UTC, Europe/Berlin or +02:00",
              (b, v) -> b.timezone(ValueParsers.parseZone(v))),
          of(
              "SCHEDULER_MAX_CONCURRENT",
              "a whole number from 1 to 1000, e.g. 10",
              (b, v) -> b.maxConcurrentRuns(ValueParsers.parseInt(v))),
          of("SCHEDULER_INSTANCE_ID", "a non-blank id", (b, v) -> b.instanceId(v)),
          of(
              "SCHEDULER_HISTORY_RETENTION",
              "a positive duration, e.g. 30d, 12h or P30D",
              (b, v) -> b.historyRetention(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_SHUTDOWN_GRACE",
              "a duration of zero or more, e.g. 30s, 2m or PT30S",
              (b, v) -> b.shutdownGrace(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_MISFIRE_GRACE",
              "a duration of zero or more, e.g. 60s, 5m or PT60S",
              (b, v) -> b.misfireGrace(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_CLAIM_AHEAD",
              "a duration from zero to under a minute, e.g. 250ms or PT0.25S",
              (b, v) -> b.claimAhead(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_INTERRUPT_GRACE",
              "a duration of zero or more, e.g. 5s or PT5S",
              (b, v) -> b.interruptGrace(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_HEARTBEAT_INTERVAL",
              "a positive duration, e.g. 30s or PT30S",
              (b, v) -> b.heartbeatInterval(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_HEARTBEAT_TIMEOUT",
              "a positive duration, e.g. 30s or PT30S",
              (b, v) -> b.heartbeatTimeout(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_REFRESH_INTERVAL",
              "a positive duration, e.g. 30s or PT30S",
              (b, v) -> b.refreshInterval(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_FIRE_ALL_LIMIT",
              "a whole number of at least 1, e.g. 100",
              (b, v) -> b.fireAllLimit(ValueParsers.parseInt(v))),
          of(
              "SCHEDULER_HISTORY_LIMIT",
              "a whole number of at least 1, e.g. 1000",
              (b, v) -> b.historyLimitPerSchedule(ValueParsers.parseInt(v))),
          of(
              "SCHEDULER_OUTPUT_LIMIT",
              "a number of bytes of at least 1, e.g. 65536 or 64KB",
              (b, v) -> b.outputLimitBytes(ValueParsers.parseByteSize(v))),
          of(
              "SCHEDULER_DEPENDENCY_WAIT",
              "a duration of zero or more, e.g. 1h, 30m or PT1H",
              (b, v) -> b.dependencyWait(ValueParsers.parseDuration(v))),
          of(
              "SCHEDULER_FAILURE_RATE_THRESHOLD",
              "a fraction from 0 to 1 or a percentage, e.g. 0.5 or 50%",
              (b, v) -> b.failureRateThreshold(ValueParsers.parseFraction(v))),
          of(
              "SCHEDULER_FAILING_SCHEDULE_RUNS",
              "a whole number from 1 to 20, e.g. 3",
              (b, v) -> b.failingScheduleRuns(ValueParsers.parseInt(v))),
          of(
              "SCHEDULER_SMTP_HOST",
              "a host name or IP address, e.g. smtp.example.com",
              (b, v) -> b.smtpHost(v)),
          of(
              "SCHEDULER_SMTP_PORT",
              "a port number from 1 to 65535, e.g. 587",
              (b, v) -> b.smtpPort(ValueParsers.parseInt(v))),
          of(
              "SCHEDULER_SMTP_TLS",
              "one of starttls, smtps or none",
              (b, v) -> b.smtpTls(ValueParsers.parseEnum(SmtpTls.class, v))),
          of("SCHEDULER_SMTP_USER", "a user name", (b, v) -> b.smtpUser(v)),
          new EnvironmentVariable(
              "SCHEDULER_SMTP_PASSWORD",
              "a password",
              v -> Secrets.MASK,
              (b, v) -> b.smtpPassword(v)),
          of(
              "SCHEDULER_MAIL_FROM",
              "an email address, e.g. scheduler@example.com",
              (b, v) -> b.mailFrom(v)),
          of(
              "SCHEDULER_MAIL_TO",
              "email addresses separated by commas, e.g. ops@example.com,dev@example.com",
              (b, v) -> b.mailTo(ValueParsers.parseList(v))),
          of("SCHEDULER_NOTIFY_ON_SUCCESS", BOOLEAN, (b, v) -> b.notifyOnSuccess(bool(v))),
          of("SCHEDULER_NOTIFY_ON_RECOVERY", BOOLEAN, (b, v) -> b.notifyOnRecovery(bool(v))),
          of(
              "SCHEDULER_NOTIFY_MIN_INTERVAL",
              "a duration of zero or more, e.g. 10m, 1h or PT10M",
              (b, v) -> b.notifyMinInterval(ValueParsers.parseDuration(v))),
          url(
              "SCHEDULER_WEBHOOK_URL",
              "an absolute http or https URL, e.g. https://hooks.example.com/scheduler",
              (b, v) -> b.webhookUrl(ValueParsers.parseUri(v))),
          of("SCHEDULER_WEBHOOK_ON_SUCCESS", BOOLEAN, (b, v) -> b.webhookOnSuccess(bool(v))));

  /** The names of {@link #VARIABLES}, in the same order. */
  public static final List<String> NAMES =
      VARIABLES.stream().map(EnvironmentVariable::name).collect(Collectors.toUnmodifiableList());

  /**
   * {@code SCHEDULER_*} variables read elsewhere, not by {@code SchedulerConfig}: by
   * scheduler-redis (documented in docs/configuration.md) and by the project's test suites
   * (pointing them at external servers). Not reported as unknown.
   */
  static final Set<String> READ_ELSEWHERE =
      Set.of(
          "SCHEDULER_REDIS_CONFIG",
          "SCHEDULER_REDIS_KEY_PREFIX",
          "SCHEDULER_TEST_POSTGRES_URL",
          "SCHEDULER_TEST_POSTGRES_USER",
          "SCHEDULER_TEST_POSTGRES_PASSWORD",
          "SCHEDULER_TEST_REDIS_URL");

  private EnvironmentConfig() {}

  /**
   * Feeds every set, non-blank variable of {@code environment} to {@code builder}; values are
   * stripped first. Logs one warning naming unknown {@code SCHEDULER_*} variables.
   *
   * @throws SchedulerException naming the variable, its value and what was expected
   */
  public static SchedulerConfig.Builder apply(
      SchedulerConfig.Builder builder, Map<String, String> environment) {
    Objects.requireNonNull(builder, "builder must not be null");
    Objects.requireNonNull(environment, "environment must not be null");
    for (EnvironmentVariable variable : VARIABLES) {
      String raw = environment.get(variable.name());
      if (raw == null || raw.isBlank()) {
        continue;
      }
      String value = raw.strip();
      try {
        variable.apply().accept(builder, value);
      } catch (RuntimeException e) {
        throw new SchedulerException(
            variable.name()
                + " has "
                + Checks.quote(variable.display().apply(value))
                + "; expected "
                + variable.expected(),
            e);
      }
    }
    warnAboutUnknown(environment);
    return builder;
  }

  /**
   * The {@code SCHEDULER_*} names in {@code environment} that are not read, each with a hint when a
   * known name is close, e.g. {@code SCHEDULER_MAX_CONCURENT (did you mean
   * SCHEDULER_MAX_CONCURRENT?)}; sorted.
   */
  public static List<String> unknownVariables(Map<String, String> environment) {
    Set<String> unknown = new TreeSet<>();
    for (String name : environment.keySet()) {
      if (name != null
          && name.startsWith(PREFIX)
          && !NAMES.contains(name)
          && !READ_ELSEWHERE.contains(name)) {
        unknown.add(name);
      }
    }
    List<String> described = new ArrayList<>();
    for (String name : unknown) {
      String hint = closest(name);
      described.add(hint == null ? name : name + " (did you mean " + hint + "?)");
    }
    return described;
  }

  private static void warnAboutUnknown(Map<String, String> environment) {
    List<String> unknown = unknownVariables(environment);
    if (!unknown.isEmpty()) {
      LOG.warn("Ignoring unknown environment variables: {}", String.join(", ", unknown));
    }
  }

  private static boolean bool(String value) {
    return ValueParsers.parseBoolean(value);
  }

  private static String closest(String name) {
    String best = null;
    int bestDistance = 4;
    for (String known : NAMES) {
      int distance = distance(name, known);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
