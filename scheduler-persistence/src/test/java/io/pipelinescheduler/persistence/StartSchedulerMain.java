package io.pipelinescheduler.persistence;

import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;

/**
 * A child process of {@link QuietStartupTest} and {@link StartupClassesTest}: creates and starts a
 * scheduler with the default configuration on the given SQLite file, prints {@code started}, and
 * closes it; with a second argument {@code await-boot}, first waits for Hibernate's background boot
 * (the thread {@code pipeline-scheduler-hibernate-boot}) to end, as {@code start()} does not.
 */
public final class StartSchedulerMain {
  private StartSchedulerMain() {}

  public static void main(String[] args) throws InterruptedException {
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(SchedulerConfig.builder().dbPath(Path.of(args[0])).build())) {
      scheduler.start();
      System.out.println("started");
      if (args.length > 1 && args[1].equals("await-boot")) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
          if (thread.getName().equals("pipeline-scheduler-hibernate-boot")) {
            thread.join();
          }
        }
      }
    }
  }
}
