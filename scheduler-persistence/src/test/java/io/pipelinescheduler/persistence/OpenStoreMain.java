package io.pipelinescheduler.persistence;

import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;

/**
 * The child process of {@link QuietStartupTest}: opens a store on the given SQLite file, reads run
 * history (which waits for Hibernate's boot, so that the boot's log lines are in the output),
 * closes it and prints {@code opened}.
 */
public final class OpenStoreMain {
  private OpenStoreMain() {}

  public static void main(String[] args) {
    try (JpaScheduleStore store =
        JpaScheduleStore.open(SchedulerConfig.builder().dbPath(Path.of(args[0])).build())) {
      store.findRun("none");
      System.out.println("opened");
    }
  }
}
