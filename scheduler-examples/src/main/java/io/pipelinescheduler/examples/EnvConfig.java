package io.pipelinescheduler.examples;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Configuration from {@code SCHEDULER_*} environment variables, the way a container or a systemd
 * unit sets it. Example values are merged under the real environment (a variable set in the
 * environment wins), the effective configuration is printed, and one schedule runs on the SQLite
 * store the variables point at. About 4 seconds.
 *
 * <p>Try {@code SCHEDULER_TIMEZONE=America/New_York} or {@code SCHEDULER_MAX_CONCURRENT=ten} in
 * front of the command.
 */
public final class EnvConfig {
  private EnvConfig() {}

  /** Builds the configuration, prints it, runs one schedule once, exits. */
  public static void main(String[] args) throws Exception {
    Path dir = Examples.tempDirectory("pipeline-scheduler-env");
    Map<String, String> environment = new TreeMap<>();
    environment.put("SCHEDULER_DB_PATH", dir.resolve("scheduler.db").toString());
    environment.put("SCHEDULER_TIMEZONE", "Europe/Berlin");
    environment.put("SCHEDULER_MAX_CONCURRENT", "4");
    environment.put("SCHEDULER_INSTANCE_ID", "reports-1");
    environment.put("SCHEDULER_HISTORY_RETENTION", "7d");
    environment.put("SCHEDULER_SHUTDOWN_GRACE", "10s");
    // Only the names: the values may be secrets (the configuration below masks them).
    System.out.println(
        "set in the environment: "
            + System.getenv().keySet().stream()
                .filter(n -> n.startsWith("SCHEDULER_"))
                .sorted()
                .toList());
    environment.putAll(System.getenv()); // the real environment wins; other variables are ignored

    SchedulerConfig config;
    try {
      config = SchedulerConfig.fromEnvironment(environment);
    } catch (SchedulerException e) {
      System.out.println("bad configuration: " + e.getMessage()); // names the variable and value
      System.exit(2);
      return;
    }
    System.out.println("effective configuration: " + config); // the password would be masked

    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      // No zone given: the schedule uses SCHEDULER_TIMEZONE.
      ScheduleInfo report =
          scheduler.scheduleDaily(
              "morning-report",
              ctx -> ctx.logger().info("report for {}", ctx.scheduledTime()),
              7,
              30);
      System.out.println("morning-report next runs: " + scheduler.nextRuns("morning-report", 2));
      System.out.println("morning-report zone: " + report.timezone());
      scheduler.start();
      ExecutionRecord run = scheduler.runNow("morning-report").get(30, TimeUnit.SECONDS);
      System.out.println(
          "run now: " + run.status() + " on " + run.node() + ", output: " + run.output().strip());
    }
  }
}
