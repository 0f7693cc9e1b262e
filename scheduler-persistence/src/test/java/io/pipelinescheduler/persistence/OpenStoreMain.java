package io.pipelinescheduler.persistence;

import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;

/**
 * The child process of {@link QuietStartupTest}: opens a store on the given SQLite file, closes it
 * and prints {@code opened}.
 */
public final class OpenStoreMain {
  private OpenStoreMain() {}

  public static void main(String[] args) {
    try (JpaScheduleStore store =
        JpaScheduleStore.open(SchedulerConfig.builder().dbPath(Path.of(args[0])).build())) {
      System.out.println("opened");
    }
  }
}
