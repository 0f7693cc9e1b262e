package io.pipelinescheduler.redis;

import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One instance of a cluster whose work is created by one of them, for {@link ClusterWorkIT}.
 * Arguments: {@code <instance id> <lock backend> <lock target or -> <role> <count> <spread
 * seconds>}; the store is PostgreSQL ({@value SchedulerChild#DB_URL_VARIABLE} and its user and
 * password) or a SQLite file ({@value #DB_PATH_VARIABLE}). Heartbeats every 500 ms, timeout 5 s.
 *
 * <p>Every role but {@code typeless-creator} registers the job type {@value #TYPE}; its runs print
 * {@code RUN <schedule> <slot> <instance> <attempt> <start epoch ms>}. Prints {@code READY}, then
 * {@code LIVE <n>} whenever the number of live instances it sees changes. On the line {@code GO} a
 * creator makes {@code count} one-shots of {@value #TYPE}, their slots spread evenly over {@code
 * spread} seconds from 5 s on, prints {@code CREATED <epoch ms>} and goes on running; a {@code
 * typeless-creator} makes the next one-shot due at once on each {@code GO}. The end of input stops
 * it.
 */
public final class ClusterChild {
  static final String TYPE = "work";
  static final String DB_PATH_VARIABLE = "PS_CHILD_DB_PATH";
  static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(500);
  static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

  private ClusterChild() {}

  public static void main(String[] args) throws Exception {
    String instanceId = args[0];
    String backend = args[1];
    String target = args[2];
    String role = args[3];
    int count = Integer.parseInt(args[4]);
    long spreadSeconds = Long.parseLong(args[5]);

    SchedulerConfig.Builder config =
        SchedulerConfig.builder()
            .persistSchedules(true)
            .distributed(true)
            .lockBackend(backend)
            .instanceId(instanceId)
            .heartbeatInterval(HEARTBEAT_INTERVAL)
            .heartbeatTimeout(HEARTBEAT_TIMEOUT)
            .misfireGrace(Duration.ofMinutes(5))
            .shutdownGrace(Duration.ofSeconds(1));
    String dbPath = System.getenv(DB_PATH_VARIABLE);
    if (dbPath != null) {
      config.dbPath(Path.of(dbPath));
    } else {
      config
          .dbUrl(System.getenv(SchedulerChild.DB_URL_VARIABLE))
          .dbUser(System.getenv(SchedulerChild.DB_USER_VARIABLE))
          .dbPassword(System.getenv(SchedulerChild.DB_PASSWORD_VARIABLE));
    }
    if (backend.equals("file")) {
      config.lockDirectory(Path.of(target));
    } else if (backend.equals("redis")) {
      config.redisUrl(target);
    }
    int created = 0;
    try (PipelineScheduler scheduler = PipelineScheduler.create(config.build())) {
      if (!role.equals("typeless-creator")) {
        scheduler.registerJobType(
            TYPE,
            (context, params) ->
                say(
                    String.join(
                        " ",
                        "RUN",
                        context.scheduleName(),
                        context.scheduledTime().toString(),
                        instanceId,
                        Integer.toString(context.attempt()),
                        Long.toString(System.currentTimeMillis()))));
      }
      scheduler.start();
      say("READY " + instanceId);
      Thread watcher = new Thread(() -> watchLive(scheduler), "live-watcher");
      watcher.setDaemon(true);
      watcher.start();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("GO") && role.equals("creator")) {
          create(scheduler, 5, count, spreadSeconds, 0);
        } else if (line.equals("GO") && role.equals("typeless-creator")) {
          create(scheduler, 0, 1, 0, created++);
        }
      }
    }
    System.exit(0);
  }

  private static void create(
      PipelineScheduler scheduler, long fromSeconds, int count, long spreadSeconds, int number) {
    Instant first = Instant.now().plusSeconds(fromSeconds);
    long stepMillis = count > 1 ? spreadSeconds * 1000 / (count - 1) : 0;
    long created = System.currentTimeMillis();
    scheduler.scheduleAll(
        batch -> {
          for (int i = 0; i < count; i++) {
            batch
                .schedule(String.format("w-%05d", number + i))
                .once(first.plusMillis(stepMillis * i))
                .retries(1, Duration.ZERO)
                .run(TYPE, Map.of("i", i));
          }
        });
    say("CREATED " + created);
  }

  private static void watchLive(PipelineScheduler scheduler) {
    int seen = -1;
    while (true) {
      Object live = scheduler.healthCheck().details().get("liveInstances");
      int now = live instanceof List<?> list ? list.size() : 0;
      if (now != seen) {
        say("LIVE " + now);
        seen = now;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
