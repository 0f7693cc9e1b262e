package io.pipelinescheduler.persistence;

import io.pipelinescheduler.PipelineScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A child JVM for {@link BurstCrashIT}: a scheduler on a SQLite file that registers {@code count}
 * one-shot jobs ({@code burst-0} ...) due at one instant, each printing {@code started <name>} and
 * then sleeping briefly, with few workers. Prints {@code ready} once started; it is then killed.
 *
 * <p>Arguments: the database file, the count, the due instant (ISO-8601), the workers.
 */
public final class BurstChildMain {
  private BurstChildMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    Instant due = Instant.parse(args[2]);
    int workers = Integer.parseInt(args[3]);
    PipelineScheduler scheduler =
        PipelineScheduler.create(BurstCrashIT.config(file, BurstCrashIT.NODE, workers));
    for (int i = 0; i < count; i++) {
      String name = "burst-" + i;
      scheduler
          .schedule(name)
          .once(due)
          .run(
              context -> {
                System.out.println("started " + name);
                System.out.flush();
                Thread.sleep(Duration.ofMillis(100).toMillis());
              });
    }
    scheduler.start();
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Duration.ofMinutes(5).toMillis()); // killed long before
  }
}
