package io.pipelinescheduler.examples;

import io.pipelinescheduler.PipelineScheduler;
import java.time.Duration;

/** The README quick start: three schedules on the embedded default (SQLite), a few seconds. */
public final class QuickStart {
  private QuickStart() {}

  /** Runs for about four seconds, prints the schedules with their next and last runs, exits. */
  public static void main(String[] args) throws InterruptedException {
    try (PipelineScheduler scheduler = PipelineScheduler.create()) {
      scheduler.scheduleDaily("daily-report", ctx -> System.out.println("report sent"), 9, 0);
      scheduler.scheduleInterval(
          "heartbeat", ctx -> System.out.println("beat " + ctx.scheduledTime()), Duration.ofSeconds(1));
      scheduler.scheduleCron("every-minute", ctx -> System.out.println("minute"), "* * * * *");
      scheduler.start();
      Thread.sleep(4_000);
      scheduler.listSchedules().forEach(s -> System.out.printf(
          "%-13s next %s  last %s%n", s.name(), s.nextRun(), s.lastRun() == null ? "-" : s.lastRun().status()));
    }
  }
}
