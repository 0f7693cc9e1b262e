package io.pipelinescheduler.examples;

import io.pipelinescheduler.ExecutionRecord;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleInfo;
import java.time.Duration;

/** The README quick start: three schedules on the embedded default (SQLite), a few seconds. */
public final class QuickStart {
  private QuickStart() {}

  /** Runs for about four seconds, prints the schedules with their next and last runs, exits. */
  public static void main(String[] args) throws InterruptedException {
    try (PipelineScheduler scheduler = PipelineScheduler.create()) {
      scheduler.scheduleDaily("report", ctx -> System.out.println("report sent"), 9, 0);
      scheduler.scheduleInterval("tick", ctx -> System.out.println("tick"), Duration.ofSeconds(1));
      scheduler.scheduleCron("minutely", ctx -> System.out.println("minute"), "* * * * *");
      scheduler.start();
      Thread.sleep(4_000);
      for (ScheduleInfo s : scheduler.listSchedules()) {
        ExecutionRecord last = s.lastRun();
        System.out.println(
            s.name() + ": next " + s.nextRun() + ", last " + (last == null ? "-" : last.status()));
      }
    }
  }
}
