package io.pipelinescheduler.redis;

import io.pipelinescheduler.CronFlavor;
import io.pipelinescheduler.Job;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.ScheduleBuilder;
import io.pipelinescheduler.SchedulerConfig;
import io.pipelinescheduler.SchedulerListener;
import io.pipelinescheduler.SkipReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One scheduler instance in a JVM of its own, for {@link DistributedRunsIT}. Arguments: {@code
 * <file|redis> <lock directory|redis url> <instance id> <seconds to run> <clock offset seconds>}.
 * When the environment variable {@value #DB_URL_VARIABLE} is set, schedules and runs are kept in
 * that database (the shared store of scenario (c); user and password in {@value #DB_USER_VARIABLE}
 * and {@value #DB_PASSWORD_VARIABLE}), heartbeats are short ({@link #HEARTBEAT_INTERVAL}, {@link
 * #HEARTBEAT_TIMEOUT}) and {@value #SLOW} is retried once at once.
 *
 * <p>Registers the same schedules as every other instance: {@value #FAST} (every 200 ms), {@value
 * #CRON} (Quartz {@code * * * * * ?}) and {@value #SLOW} (every 2 s, a job that sleeps 1.5 s). Each
 * run prints {@code RUN <schedule> <slot instant> <instance id> <attempt> <trigger>} when it
 * starts; a slot skipped by the overlap policy prints {@code SKIP <schedule> <slot> OVERLAP}.
 * Prints {@code READY} once started, then waits for a line on standard input (the parent's {@code
 * GO}, sent when every instance is ready, so that all count their time from one instant; the end of
 * input stops it at once), prints {@code STOPPING} when its time is up, then stops and exits.
 */
public final class SchedulerChild {
  static final String FAST = "every-200ms";
  static final String CRON = "cron-every-second";
  static final String SLOW = "slow-every-2s";

  static final String DB_URL_VARIABLE = "PS_CHILD_DB_URL";
  static final String DB_USER_VARIABLE = "PS_CHILD_DB_USER";
  static final String DB_PASSWORD_VARIABLE = "PS_CHILD_DB_PASSWORD";

  static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);

  /**
   * Heartbeats are stamped by the writer's clock and judged by the reader's, so an instance whose
   * clock is 2 s behind looks 2 s staler than it is: 5 s leaves it 3 s of real silence (six missed
   * heartbeats) before the others would abandon its runs. With 3 s, half a second would do.
   */
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

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
    String dbUrl = System.getenv(DB_URL_VARIABLE);
    boolean shared = dbUrl != null;
    if (shared) {
      config
          .persistSchedules(true)
          .dbUrl(dbUrl)
          .dbUser(System.getenv(DB_USER_VARIABLE))
          .dbPassword(System.getenv(DB_PASSWORD_VARIABLE))
          .heartbeatInterval(HEARTBEAT_INTERVAL)
          .heartbeatTimeout(HEARTBEAT_TIMEOUT);
    }
    if (backend.equals("file")) {
      config.lockDirectory(Path.of(target));
    } else {
      config.redisUrl(target);
    }
    try (PipelineScheduler scheduler = PipelineScheduler.create(config.build())) {
      scheduler.schedule(FAST).every(Duration.ofMillis(200)).run(print(instanceId, 0));
      scheduler.schedule(CRON).cron("* * * * * ?", CronFlavor.QUARTZ).run(print(instanceId, 0));
      ScheduleBuilder slow = scheduler.schedule(SLOW).every(Duration.ofSeconds(2));
      if (shared) {
        slow.retries(1, Duration.ZERO);
      }
      slow.run(print(instanceId, 1500));
      scheduler.addListener(
          new SchedulerListener() {
            @Override
            public void onSlotSkipped(
                String scheduleName, Instant slot, SkipReason reason, String detail) {
              if (reason == SkipReason.OVERLAP) {
                say(String.join(" ", "SKIP", scheduleName, slot.toString(), reason.name()));
              }
            }
          });
      scheduler.start();
      say("READY " + instanceId);
      if (awaitGo()) {
        Thread.sleep(seconds * 1000);
      }
      say("STOPPING " + instanceId);
    }
    say("DONE " + instanceId);
    System.exit(0);
  }

  /** Waits for the parent's {@code GO}; false when its input ended first (the parent is gone). */
  private static boolean awaitGo() throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return "GO".equals(in.readLine());
  }

  private static Job print(String instanceId, long sleepMillis) {
    return ctx -> {
      say(
          String.join(
              " ",
              "RUN",
              ctx.scheduleName(),
              ctx.scheduledTime().toString(),
              instanceId,
              Integer.toString(ctx.attempt()),
              ctx.trigger().name()));
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
