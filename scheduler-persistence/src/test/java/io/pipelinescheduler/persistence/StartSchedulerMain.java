package io.pipelinescheduler.persistence;

import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;

/**
 * A child process of {@link QuietStartupTest} and {@link StartupClassesTest}: creates and starts a
 * scheduler with the default configuration on the given SQLite file, prints {@code started}, and
 * closes it.
 */
public final class StartSchedulerMain {
  private StartSchedulerMain() {}

  public static void main(String[] args) {
    try (PipelineScheduler scheduler =
        PipelineScheduler.create(SchedulerConfig.builder().dbPath(Path.of(args[0])).build())) {
      scheduler.start();
      System.out.println("started");
    }
  }
}
