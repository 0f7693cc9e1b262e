package io.pipelinescheduler.examples;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * External programs as jobs: a shell script and a Python script (or a shell stand-in when there is
 * no {@code python3}), written to a temp directory and run with {@code runNow}. Shows expected exit
 * codes (the export exits 3, "nothing new", which counts as success), output files the job waits
 * for, the captured stdout and stderr, and the error of a command whose exit code is not expected.
 * In memory; about 3 seconds.
 */
public final class CommandJobs {
  private CommandJobs() {}

  // Exit code 3 means "no new orders since yesterday": not an error for this job. The CSV file is
  // written by a background process that outlives the script; outputFiles(..) waits for it.
  private static final String EXPORT_SH =
      """
      #!/bin/sh
      echo "exporting orders to $EXPORT_DIR"
      echo "warning: no new orders since yesterday" >&2
      ( sleep 1; printf 'id,amount\\n1,9.90\\n2,25.00\\n' > orders.csv ) >/dev/null 2>&1 &
      exit 3
      """;

  private static final String SUMMARY_PY =
      """
      import csv, json
      with open("orders.csv") as f:
          amounts = [float(row["amount"]) for row in csv.DictReader(f)]
      summary = {"orders": len(amounts), "total": round(sum(amounts), 2)}
      with open("summary.json", "w") as f:
          json.dump(summary, f)
      print("summary:", json.dumps(summary))
      """;

  // The same summary without Python, for machines that have none.
  private static final String SUMMARY_SH =
      """
      #!/bin/sh
      summary=$(awk -F, 'NR > 1 { n++; t += $2 } END { printf "{\\"orders\\": %d, \\"total\\": %.1f}", n, t }' orders.csv)
      echo "$summary" > summary.json
      echo "summary: $summary"
      """;

  /** Writes the scripts, runs each once, prints the records, exits. */
  public static void main(String[] args) throws Exception {
    Path dir = Examples.tempDirectory("pipeline-scheduler-commands");
    Path exportScript = Files.writeString(dir.resolve("export.sh"), EXPORT_SH);
    boolean python = isOnPath("python3");
    Path summaryScript =
        Files.writeString(
            dir.resolve(python ? "summary.py" : "summary.sh"), python ? SUMMARY_PY : SUMMARY_SH);

    // No shell is involved in a CommandJob: name the interpreter, then the script.
    CommandJob export =
        CommandJob.of("sh", exportScript.toString())
            .workingDirectory(dir)
            .environment(Map.of("EXPORT_DIR", dir.toString()))
            .expectedExitCodes(0, 3)
            .outputFiles(Path.of("orders.csv")) // relative to the working directory
            .outputWait(Duration.ofSeconds(10));
    CommandJob summary =
        CommandJob.of(python ? "python3" : "sh", summaryScript.toString())
            .workingDirectory(dir)
            .outputFiles(Path.of("summary.json"))
            .outputWait(Duration.ofSeconds(10));
    // A shell command line needs "sh -c". Exit code 2 is not expected (only 0 is, by default).
    CommandJob checkDisk = CommandJob.of("sh", "-c", "echo 'disk /data is 97% full' >&2; exit 2");

    SchedulerConfig config = SchedulerConfig.builder().persistSchedules(false).build();
    try (PipelineScheduler scheduler = PipelineScheduler.create(config)) {
      scheduler.schedule("export").cron("0 6 * * *").run(export);
      scheduler.schedule("summary").cron("15 6 * * *").run(summary);
      scheduler.schedule("check-disk").every(Duration.ofHours(1)).run(checkDisk);
      scheduler.start();

      for (String name : List.of("export", "summary", "check-disk")) {
        ExecutionRecord run = scheduler.runNow(name).get(30, TimeUnit.SECONDS);
        System.out.println("== " + name + ": " + run.status());
        if (run.error() != null) {
          System.out.println("error: " + run.error());
        }
        System.out.print("output:\n" + run.output().indent(2));
      }
      System.out.println("orders.csv: " + Files.readAllLines(dir.resolve("orders.csv")));
      System.out.println("summary.json: " + Files.readString(dir.resolve("summary.json")).strip());
      System.out.println("summary ran with " + (python ? "python3" : "sh (no python3 here)"));
    }
  }

  private static boolean isOnPath(String program) {
    try {
      Process process =
          new ProcessBuilder(program, "--version")
              .redirectErrorStream(true)
              .redirectOutput(Redirect.DISCARD)
              .start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
