package io.pipelinescheduler.redis;

import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.Job;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One scheduler instance in a JVM of its own, for {@link DistributedRunsIT}. Arguments: {@code
 * <file|redis> <lock directory|redis url> <instance id> <seconds to run> <clock offset seconds>}.
 *
 * <p>Registers the same schedules as every other instance: {@value #FAST} (every 200 ms), {@value
 * #CRON} (Quartz {@code * * * * * ?}) and {@value #SLOW} (every 2 s, a job that sleeps 1.5 s). Each
 * run prints {@code RUN <schedule> <slot instant> <instance id>} when it starts. Prints {@code
 * READY} once started, {@code STOPPING} when its time is up, then stops and exits.
 */
public final class SchedulerChild {
  static final String FAST = "every-200ms";
  static final String CRON = "cron-every-second";
  static final String SLOW = "slow-every-2s";

  private SchedulerChild() {}

  /** Runs one instance; see the class comment. */
  public static void main(String[] args) throws Exception {
    String backend = args[0];
    String target = args[1];
    String instanceId = args[2];
    long seconds = Long.parseLong(args[3]);
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(Long.parseLong(args[4])));

    SchedulerConfig.Builder config =
        SchedulerConfig.builder()
            .persistSchedules(false)
            .distributed(true)
            .lockBackend(backend)
            .instanceId(instanceId)
            .clock(clock)
            .shutdownGrace(Duration.ofSeconds(1));
    if (backend.equals("file")) {
      config.lockDirectory(Path.of(target));
    } else {
      config.redisUrl(target);
    }
    try (PipelineScheduler scheduler = PipelineScheduler.create(config.build())) {
      scheduler.schedule(FAST).every(Duration.ofMillis(200)).run(print(instanceId, 0));
      scheduler.schedule(CRON).cron("* * * * * ?", CronFlavor.QUARTZ).run(print(instanceId, 0));
      scheduler.schedule(SLOW).every(Duration.ofSeconds(2)).run(print(instanceId, 1500));
      scheduler.start();
      say("READY " + instanceId);
      Thread.sleep(seconds * 1000);
      say("STOPPING " + instanceId);
    }
    say("DONE " + instanceId);
    System.exit(0);
  }

  private static Job print(String instanceId, long sleepMillis) {
    return ctx -> {
      say("RUN " + ctx.scheduleName() + " " + ctx.scheduledTime() + " " + instanceId);
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
    };
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
