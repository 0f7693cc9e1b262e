package io.pipelinescheduler.benchmarks;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the benchmarks and writes the report. Usage: {@code all | quick | w1 … w6 | pickup | startup
 * | cold | registration | bound | jmh [--out FILE] [--runs N] [--burst N] [--cluster-runs N]
 * [--nodes N,…] [--small] [--only CONTENDER,…]}; {@code all} runs every workload at the issue's
 * sizes and writes {@code docs/benchmarks.md}, {@code quick} every workload at tiny sizes into
 * {@code target/benchmarks-quick.md}, {@code --small} the chosen workloads at those tiny sizes.
 * {@code w4 pickup} measures the cluster: W4 in both of our models beside the peers, and pickup
 * latency.
 */
public final class Benchmarks {
  private static final List<String> ALL =
      List.of(
          "w1",
          "w2",
          "w6",
          "w3",
          "w4",
          "pickup",
          "w5",
          "startup",
          "cold",
          "registration",
          "bound",
          "jmh");

  /** Workloads of {@code all} that {@code quick} leaves out: their figures need the full sizes. */
  private static final Set<String> NOT_QUICK = Set.of("bound");

  private static final String OPTIONS =
      " [--out FILE] [--runs N] [--burst N] [--cluster-runs N] [--nodes N,...] [--small]"
          + " [--only CONTENDER,...]";

  /**
   * W4: both of our models with both cluster lock backends, beside both db-scheduler strategies and
   * Quartz JDBC.
   */
  private static final List<Contender> CLUSTER =
      List.of(
          Contender.OURS_CREATOR_DB,
          Contender.OURS_CREATOR_REDIS,
          Contender.OURS_CLUSTER_DB,
          Contender.OURS_CLUSTER,
          Contender.DBS_LOCK_AND_FETCH,
          Contender.DBS_FETCH,
          Contender.QUARTZ_JDBC);

  private Benchmarks() {}

  /** See the class comment. */
  public static void main(String[] args) {
    Set<String> chosen = new LinkedHashSet<>();
    Path out = null;
    Integer runs = null;
    Integer burst = null;
    Integer clusterRuns = null;
    List<Integer> nodes = null;
    boolean quick = false;
    boolean small = false;
    Set<Contender> only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "all" -> chosen.addAll(ALL);
        case "quick" -> {
          quick = true;
          ALL.stream().filter(w -> !NOT_QUICK.contains(w)).forEach(chosen::add);
        }
        case "--out" -> out = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--burst" -> burst = Integer.parseInt(args[++i]);
        case "--cluster-runs" -> clusterRuns = Integer.parseInt(args[++i]);
        case "--nodes" -> {
          nodes = new ArrayList<>();
          for (String count : args[++i].split(",")) {
            nodes.add(Integer.parseInt(count.strip()));
          }
        }
        case "--small" -> small = true;
        case "--only" -> {
          only = new LinkedHashSet<>();
          for (String name : args[++i].split(",")) {
            only.add(Contender.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT)));
          }
        }
        default -> {
          if (!ALL.contains(args[i])) {
            System.err.println(
                "unknown argument '" + args[i] + "'; use all | quick | " + ALL + OPTIONS);
            System.exit(2);
          }
          chosen.add(args[i]);
        }
      }
    }
    if (chosen.isEmpty()) {
      System.err.println("usage: all | quick | " + ALL + OPTIONS);
      System.exit(2);
    }
    Sizes sizes = quick || small ? Sizes.quick() : Sizes.full();
    if (runs != null || burst != null || clusterRuns != null || nodes != null) {
      sizes =
          new Sizes(
              runs != null ? runs : sizes.runs(),
              sizes.threads(),
              burst != null ? burst : sizes.burst(),
              sizes.burstQuartzJdbc(),
              sizes.burstWarmup(),
              sizes.memoryWarmupRounds(),
              sizes.precision(),
              sizes.precisionWindowMillis(),
              sizes.steadySchedules(),
              sizes.steadySeconds(),
              clusterRuns != null ? clusterRuns : sizes.clusterRuns(),
              nodes != null ? List.copyOf(nodes) : sizes.clusterSizes(),
              sizes.scaleSizes(),
              sizes.scaleHeap(),
              sizes.jmh(),
              sizes.startupRuns(),
              sizes.pickupRuns(),
              sizes.pickupWarmup(),
              sizes.pickupIntervalMillis());
    }
    if (out == null) {
      out =
          quick || small
              ? Path.of("scheduler-benchmarks/target/benchmarks-quick.md")
              : Path.of("docs/benchmarks.md");
    }
    run(String.join(" ", args), chosen, sizes, out, only);
    System.exit(0);
  }

  private static void run(
      String command, Set<String> chosen, Sizes sizes, Path out, Set<Contender> only) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Map<String, String> machine = Machine.describe();
    List<Report.Span> spans = new ArrayList<>();
    Map<String, String> postgresSettings = new LinkedHashMap<>();
    String redisVersion = null;
    try (Bench bench = new Bench(sizes)) {
      Bench.log("machine: %s; load %s", machine, Machine.load());
      LocalWorkloads local = new LocalWorkloads(bench, only);
      List<Contender> persistent =
          List.of(
              Contender.OURS_SQLITE,
              Contender.OURS_POSTGRES,
              Contender.QUARTZ_JDBC,
              Contender.DBS_FETCH,
              Contender.DBS_LOCK_AND_FETCH);
      for (String workload : chosen) {
        String load = Machine.load();
        long t = System.nanoTime();
        String name =
            switch (workload) {
              case "w1" -> {
                local.burst(Workloads.W1, persistent);
                yield Workloads.W1;
              }
              case "w2" -> {
                local.precision(Workloads.W2, persistent);
                yield Workloads.W2;
              }
              case "w3" -> {
                local.steady(
                    Workloads.W3, List.of(Contender.OURS_POSTGRES, bestDbScheduler(bench)));
                bench.results.note(
                    Workloads.W3,
                    "Quartz JobStoreTX is left out of W3 to keep the whole run near 20 minutes: its"
                        + " W1 burst rate (above) is far below the 1,000 runs/s W3 asks for.");
                yield Workloads.W3;
              }
              case "w4" -> {
                new ClusterWorkload(bench, only).run(Workloads.W4, CLUSTER);
                yield Workloads.W4;
              }
              case "pickup" -> {
                new PickupWorkload(bench, only).run(Workloads.PICKUP);
                yield Workloads.PICKUP;
              }
              case "w5" -> {
                new ScaleWorkload(bench).run(Workloads.W5);
                yield Workloads.W5;
              }
              case "w6" -> {
                List<Contender> memory = List.of(Contender.OURS_MEMORY, Contender.QUARTZ_RAM);
                local.burst(Workloads.W6_BURST, memory);
                local.precision(Workloads.W6_PRECISION, memory);
                yield "W6 in memory";
              }
              case "startup" -> {
                new StartupWorkload(bench).run(Workloads.STARTUP);
                yield Workloads.STARTUP;
              }
              case "cold" -> {
                new ColdWorkload(bench, only)
                    .run(
                        Workloads.COLD,
                        List.of(
                            Contender.OURS_MEMORY,
                            Contender.QUARTZ_RAM,
                            Contender.JDK_EXECUTOR,
                            Contender.OURS_SQLITE,
                            Contender.OURS_POSTGRES,
                            bestDbScheduler(bench),
                            Contender.QUARTZ_JDBC));
                yield Workloads.COLD;
              }
              case "registration" -> {
                new RegistrationWorkload(bench).run(Workloads.REGISTRATION);
                yield Workloads.REGISTRATION;
              }
              case "bound" -> {
                new BoundWorkload(bench).run(Workloads.BOUND);
                yield Workloads.BOUND;
              }
              case "jmh" -> {
                if (!sizes.jmh()) {
                  yield Workloads.JMH + " (skipped)";
                }
                new JmhWorkload(bench).run(Workloads.JMH);
                yield Workloads.JMH;
              }
              default -> throw new IllegalArgumentException(workload);
            };
        spans.add(new Report.Span(name, (System.nanoTime() - t) / 1e9, load, Machine.load()));
        Bench.log("%s done in %.0f s", name, (System.nanoTime() - t) / 1e9);
      }
      if (chosen.stream().anyMatch(w -> !w.equals("w5") && !w.equals("jmh") && !w.equals("w6"))) {
        postgresSettings = bench.postgres().settings();
      }
      if (chosen.contains("w4") || chosen.contains("pickup")) {
        redisVersion = redisVersion(bench.redis().version());
      }
      String text =
          new Report()
              .render(
                  bench,
                  command,
                  machine,
                  postgresSettings,
                  redisVersion,
                  spans,
                  started,
                  (System.nanoTime() - t0) / 1e9);
      Report.write(out, text);
      Bench.log("wrote %s", out.toAbsolutePath());
    }
  }

  /**
   * db-scheduler's faster strategy in this run's W1 (lock-and-fetch when W1 did not run): the peer
   * the later workloads compare against, to keep the run within its time.
   */
  private static Contender bestDbScheduler(Bench bench) {
    double fetch = bench.results.median(Workloads.W1, Contender.DBS_FETCH.label, "runs/s");
    double lock = bench.results.median(Workloads.W1, Contender.DBS_LOCK_AND_FETCH.label, "runs/s");
    if (!Double.isNaN(fetch) && !Double.isNaN(lock) && fetch > lock) {
      return Contender.DBS_FETCH;
    }
    return Contender.DBS_LOCK_AND_FETCH;
  }

  private static String redisVersion(String info) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("redis_version:")) {
        return "redis-server " + line.substring("redis_version:".length()).strip();
      }
    }
    return "redis-server";
  }
}
