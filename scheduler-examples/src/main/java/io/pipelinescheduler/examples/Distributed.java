package io.pipelinescheduler.examples;

import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.SchedulerConfig;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several instances of one application, each registering the same schedule, and each slot run by
 * exactly one of them. Starts N worker processes (default 3; {@code Distributed 5} for five) and
 * lets them run for four seconds. Each prints {@code <instance> ran <schedule> slot <instant>};
 * this process collects the lines, prints who ran which slot and checks that no slot ran twice
 * (exit code 1 if one did). About 6 seconds.
 *
 * <p>The workers share a lock directory (the {@code file} lock backend: processes on one machine).
 * Given a Redis URL ({@code Distributed 3 redis://localhost:6379}) they use the {@code redis} lock
 * backend of {@code io.pipelinescheduler:scheduler-redis} instead, which works across machines.
 */
public final class Distributed {
  private static final String SCHEDULE = "sync-inventory";
  private static final Pattern RAN = Pattern.compile("(\\S+) ran (\\S+) slot (\\S+)");

  private Distributed() {}

  /** Starts the workers, lets them run a few slots, prints and checks who ran which slot. */
  public static void main(String[] args) throws Exception {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path dir = Examples.tempDirectory("pipeline-scheduler-distributed");
    // Where the instances claim slots: a Redis URL, or a directory they share.
    String locks =
        args.length > 1 ? args[1] : Files.createDirectory(dir.resolve("locks")).toString();

    List<Process> workers = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int i = 1; i <= instances; i++) {
      Path output = dir.resolve("instance-" + i + ".log");
      outputs.add(output);
      workers.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  classPath(),
                  Worker.class.getName(),
                  "instance-" + i,
                  locks)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start());
    }
    awaitStarted(outputs, Duration.ofSeconds(60));
    Thread.sleep(4_000); // four one-second slots, each claimed by all the instances
    for (Process worker : workers) {
      worker.getOutputStream().close(); // end of input: the worker stops and exits
    }
    for (Process worker : workers) {
      if (!worker.waitFor(60, TimeUnit.SECONDS)) {
        worker.destroyForcibly();
        throw new IllegalStateException("worker " + worker.pid() + " did not exit within 60 s");
      }
    }

    Map<Instant, List<String>> runsBySlot = new TreeMap<>();
    for (Path output : outputs) {
      for (String line : Files.readAllLines(output)) {
        System.out.println(line);
        Matcher ran = RAN.matcher(line);
        if (ran.matches()) {
          runsBySlot
              .computeIfAbsent(Instant.parse(ran.group(3)), slot -> new ArrayList<>())
              .add(ran.group(1));
        }
      }
    }
    System.out.println();
    System.out.println("who ran which slot of " + SCHEDULE + ":");
    runsBySlot.forEach((slot, by) -> System.out.println("  " + slot + " -> " + by));
    boolean once = runsBySlot.values().stream().allMatch(by -> by.size() == 1);
    if (runsBySlot.isEmpty() || !once) {
      System.out.println("FAILED: every slot must run exactly once");
      System.exit(1);
    }
    System.out.printf(
        "each of %d slots ran exactly once across %d instances (%s lock backend)%n",
        runsBySlot.size(), instances, isRedis(locks) ? "redis" : "file");
  }

  /** Waits until every worker has written its "started" line (JVMs take a while to start). */
  private static void awaitStarted(List<Path> outputs, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    for (Path output : outputs) {
      while (!Files.readString(output).contains(" started")) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("a worker did not start within " + limit + ": " + output);
        }
        Thread.sleep(50);
      }
    }
  }

  private static boolean isRedis(String locks) {
    return locks.startsWith("redis://") || locks.startsWith("rediss://");
  }

  /**
   * The class path to start the workers with: this JVM's, or, when run by {@code mvn exec:java},
   * the examples' class loader's.
   */
  private static String classPath() throws URISyntaxException {
    if (Distributed.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        entries.add(Path.of(url.toURI()).toString());
      }
      return String.join(File.pathSeparator, entries);
    }
    return System.getProperty("java.class.path");
  }

  /** One instance of the application: the same schedule as every other instance. */
  public static final class Worker {
    private Worker() {}

    /**
     * Runs the schedule until its standard input ends (the parent closes it, or dies), then exits.
     *
     * @param args instance id, then a lock directory or a Redis URL
     */
    public static void main(String[] args) throws Exception {
      String instance = args[0];
      SchedulerConfig.Builder config =
          SchedulerConfig.builder()
              .persistSchedules(false) // each instance keeps its own history, in memory
              .distributed(true) // claim every slot through the lock backend before running it
              .instanceId(instance);
      if (isRedis(args[1])) {
        config.lockBackend("redis").redisUrl(args[1]); // found on the class path: scheduler-redis
      } else {
        config.lockBackend("file").lockDirectory(Path.of(args[1])); // the default backend
      }
      try (PipelineScheduler scheduler = PipelineScheduler.create(config.build())) {
        // Interval slots count from the epoch, so every instance computes the same slots.
        scheduler
            .schedule(SCHEDULE)
            .every(Duration.ofSeconds(1))
            .run(
                ctx -> {
                  System.out.println(
                      instance + " ran " + ctx.scheduleName() + " slot " + ctx.scheduledTime());
                  Thread.sleep(300); // the others try to claim the slot meanwhile, and lose
                });
        scheduler.start();
        Object backend = scheduler.healthCheck().details().get("lockBackend");
        System.out.println(instance + " started, lock backend " + backend);
        while (System.in.read() != -1) {
          // wait for the end of input
        }
        scheduler.stop(); // no more claims; running jobs finish
        Map<?, ?> claims = (Map<?, ?>) scheduler.healthCheck().details().get("lockBackendDetails");
        System.out.printf(
            "%s claims won %s, lost %s%n",
            instance, claims.get("claimsWon"), claims.get("claimsLost"));
      }
    }
  }
}
