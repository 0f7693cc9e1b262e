package io.pipelinescheduler.examples;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * Schedules as data: a job type registered in code, two schedules imported from JSON (one runs the
 * job type, one a command), then an operator's edit of the {@code ps_schedules} table (disable one,
 * change the other's interval) picked up by the running scheduler within its {@code
 * refreshInterval}. On SQLite in a temp directory; about 6 seconds.
 */
public final class DataDefined {
  private DataDefined() {}

  // The format exportSchedules() writes; see docs/jobs.md. Could come from a file or an HTTP call.
  private static final String SCHEDULES_JSON =
      """
      [ {
        "name" : "greet-ops",
        "definition" : {
          "timing" : { "kind" : "every", "every" : "PT1S" },
          "maxRetries" : 0, "firstRetryDelay" : "PT0S",
          "overlap" : "QUEUE", "misfire" : "FIRE_ONCE", "dependsOn" : [ ],
          "description" : "says hello to the ops team",
          "job" : { "kind" : "jobType", "jobType" : "greet", "params" : { "team" : "ops" } }
        }
      }, {
        "name" : "disk-report",
        "definition" : {
          "timing" : { "kind" : "every", "every" : "PT1S" },
          "maxRetries" : 1, "firstRetryDelay" : "PT1S", "timeout" : "PT30S",
          "overlap" : "SKIP", "misfire" : "SKIP", "dependsOn" : [ ],
          "job" : {
            "kind" : "command", "program" : "sh", "arguments" : [ "-c", "echo disk ok" ],
            "environment" : { }, "expectedExitCodes" : [ 0 ], "outputFiles" : [ ],
            "outputWait" : "PT10S", "outputLimit" : 4096
          }
        }
      } ]
      """;

  /** Imports, runs, edits the table, shows the edit picked up, exits. */
  public static void main(String[] args) throws Exception {
    Path db = Examples.tempDirectory("pipeline-scheduler-data").resolve("scheduler.db");
    SchedulerConfig config =
        SchedulerConfig.builder()
            .dbPath(db)
            .refreshInterval(Duration.ofMillis(500)) // default 30 s
            .build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      // Register job types at every start-up, on every instance, before start().
      scheduler.registerJobType(
          "greet", (ctx, params) -> ctx.logger().info("hello, {} team", params.get("team")));

      List<ExecutionRecord> runs = new CopyOnWriteArrayList<>();
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onRunSucceeded(ExecutionRecord run) {
              runs.add(run);
              System.out.printf(
                  "ran %s slot %s: %s%n",
                  run.scheduleName(), run.scheduledTime(), run.output().strip());
            }
          });

      for (ScheduleInfo info : scheduler.importSchedules(SCHEDULES_JSON)) {
        System.out.printf("imported %s (%s %s)%n", info.name(), info.type(), info.spec());
      }
      scheduler.start();
      Instant started = Instant.now();
      await("both schedules ran", () -> ranAfter(runs, started, "greet-ops", "disk-report"));

      // An operator edits the table with any SQLite client, for example:
      //   sqlite3 scheduler.db "UPDATE ps_schedules SET enabled = 0 WHERE name = 'greet-ops'"
      try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement update = sql.createStatement()) {
        update.executeUpdate("UPDATE ps_schedules SET enabled = 0 WHERE name = 'greet-ops'");
        update.executeUpdate("UPDATE ps_schedules SET spec = 'PT2S' WHERE name = 'disk-report'");
      }
      long edited = System.nanoTime();
      System.out.println("operator: disabled greet-ops, set disk-report to PT2S in ps_schedules");
      await(
          "the edits were picked up",
          () ->
              !scheduler.getSchedule("greet-ops").orElseThrow().enabled()
                  && scheduler.getSchedule("disk-report").orElseThrow().spec().equals("PT2S"));
      System.out.printf(
          "picked up after %d ms (refreshInterval %s)%n",
          Duration.ofNanos(System.nanoTime() - edited).toMillis(), config.refreshInterval());

      Instant pickedUp = Instant.now();
      await("disk-report ran on its new interval", () -> ranAfter(runs, pickedUp, "disk-report"));
      System.out.println("greet-ops ran since: " + ranAfter(runs, pickedUp, "greet-ops"));

      for (ScheduleInfo info : scheduler.listSchedules()) {
        System.out.printf(
            "%s: enabled %s, spec %s, next run %s%n",
            info.name(), info.enabled(), info.spec(), info.nextRun());
      }
      System.out.println("disk-report next runs: " + scheduler.nextRuns("disk-report", 3));
    }
  }

  /** Whether each named schedule has a run, among {@code runs}, for a slot after {@code time}. */
  private static boolean ranAfter(List<ExecutionRecord> runs, Instant time, String... names) {
    return Arrays.stream(names)
        .allMatch(
            name ->
                runs.stream()
                    .anyMatch(
                        run ->
                            run.scheduleName().equals(name) && run.scheduledTime().isAfter(time)));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
