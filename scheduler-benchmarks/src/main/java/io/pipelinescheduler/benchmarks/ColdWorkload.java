package io.pipelinescheduler.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cold: every in-memory and persistent contender measured in a fresh JVM per measure and repetition
 * ({@link ColdMain}), with no warm-up and no forced GC: the first burst (W1/W6's burst), the time
 * from {@code start()} to the first run of one one-shot, and W2/W6's precision after only {@value
 * ColdMain#WARMUP} warm-up runs. The JVMs run on this JVM's class path with no options (as the main
 * JVM that measures W1, W2 and W6 warm). The store is set up by this JVM before each child starts
 * (a new schema or SQLite file; the peers' tables created), so it is not counted. Contenders take
 * turns within each repetition; the report shows the warm figures of W1/W6/W2 of the same
 * invocation beside the cold ones.
 */
final class ColdWorkload {
  static final String BURST = "burst runs/s cold";
  static final String BURST_WARM = "burst runs/s warm";
  static final String FIRST_RUN = "first run ms cold";
  static final String P99 = "p99 ms cold";
  private static final List<String> MODES = List.of("first", "burst", "precision");

  private final Bench bench;
  private final Sizes sizes;
  private final Set<Contender> only;

  /** Cold values by contender and metric, one per repetition, added to the results at the end. */
  private final Map<Contender, Map<String, List<Double>>> cold = new EnumMap<>(Contender.class);

  /**
   * @param only the contenders to run (null: all)
   */
  ColdWorkload(Bench bench, Set<Contender> only) {
    this.bench = bench;
    this.sizes = bench.sizes;
    this.only = only;
  }

  void run(String workload, List<Contender> contenders) {
    List<Contender> chosen =
        only == null ? contenders : contenders.stream().filter(only::contains).toList();
    for (int run = 1; run <= sizes.runs(); run++) {
      for (String mode : MODES) {
        for (Contender contender : chosen) {
          if (mode.equals("first") && contender == Contender.JDK_EXECUTOR) {
            continue; // it has no start() of its own
          }
          measure(workload, mode, contender);
        }
      }
    }
    for (Contender contender : chosen) {
      addAll(workload, contender);
    }
    bench.results.note(
        workload,
        "Each figure in a fresh JVM of its own (no options; this run's class path, logback at WARN),"
            + " with nothing run before it: no warm-up, no forced GC. The store's set-up (a new"
            + " PostgreSQL schema with the peers' tables, or a new SQLite file) is done before the"
            + " JVM starts; the scheduler's own (ours: create() opens the store) happens before"
            + " start() and is not counted either; registration is not counted.");
    bench.results.note(
        workload,
        "Warm = the medians of W1 (persistent), W6 (in memory) and W2 (precision) in this"
            + " invocation, after their warm-ups and a full GC before each burst; – when they did"
            + " not run. First run has no warm counterpart; "
            + Contender.JDK_EXECUTOR.label
            + " has no start(): its start() submits the tasks, so it has no first-run figure and"
            + " no warm one.");
  }

  private void measure(String workload, String mode, Contender contender) {
    int n =
        switch (mode) {
          case "first" -> 1;
          case "burst" ->
              contender == Contender.QUARTZ_JDBC ? sizes.burstQuartzJdbc() : sizes.burst();
          default -> sizes.precision();
        };
    if (mode.equals("burst") && n != sizes.burst()) {
      bench.results.note(
          workload,
          String.format(
              Locale.ROOT,
              "%s: a burst of %,d runs instead of %,d, as in W1.",
              contender.label,
              n,
              sizes.burst()));
    }
    try (Bench.Env env = bench.env(contender)) {
      String target =
          env.jdbcUrl != null
              ? env.jdbcUrl
              : env.sqliteFile != null ? env.sqliteFile.toAbsolutePath().toString() : "-";
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(ColdMain.class.getName());
      command.addAll(
          List.of(
              mode,
              contender.name(),
              Integer.toString(sizes.threads()),
              Integer.toString(n),
              Integer.toString(sizes.precisionWindowMillis()),
              target));
      Path errors =
          bench.scratch.resolve("cold-" + mode + "-" + contender.name().toLowerCase() + ".err");
      ChildJvm.Output output = ChildJvm.run(command, errors, Duration.ofMinutes(7));
      if (output.failed()) {
        bench.results.note(
            workload,
            contender.label + " (" + mode + "): the JVM failed: " + ChildJvm.tail(output.errors()));
        return;
      }
      record(workload, mode, contender, output.values());
    }
  }

  private void record(String workload, String mode, Contender contender, Map<String, String> v) {
    Map<String, String> settings = new LinkedHashMap<>();
    v.forEach(
        (key, value) -> {
          if (key.startsWith("setting.")) {
            settings.put(key.substring("setting.".length()), value);
          }
        });
    bench.results.settings(workload, contender.label, settings);
    switch (mode) {
      case "first" -> put(contender, FIRST_RUN, v.get("first_run_ms"));
      case "burst" -> {
        put(contender, BURST, v.get("runs_per_s"));
        put(contender, "burst missing", v.get("missing"));
        put(contender, "burst duplicates", v.get("duplicates"));
      }
      default -> {
        put(contender, "p50 ms cold", v.get("p50_ms"));
        put(contender, P99, v.get("p99_ms"));
        put(contender, "max ms cold", v.get("max_ms"));
        put(contender, "precision missing", v.get("missing"));
        put(contender, "precision duplicates", v.get("duplicates"));
        if ("1".equals(v.get("late_start")) || "1.0".equals(v.get("late_start"))) {
          bench.results.note(
              workload,
              contender.label + ": start() returned after the first run was due (in some run)");
        }
      }
    }
    Bench.log("%s %s %s (load %s): %s", workload, mode, contender.label, Machine.load(), v);
  }

  private void put(Contender contender, String metric, String value) {
    cold.computeIfAbsent(contender, c -> new LinkedHashMap<>())
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(value == null ? Double.NaN : Double.parseDouble(value));
  }

  /**
   * Adds a contender's cold values and, beside each, the warm median of the same measure in this
   * invocation (NaN, shown as –, when that workload did not run), in the report's column order.
   */
  private void addAll(String workload, Contender contender) {
    String burstWorkload = contender.persistent ? Workloads.W1 : Workloads.W6_BURST;
    String precisionWorkload = contender.persistent ? Workloads.W2 : Workloads.W6_PRECISION;
    Results r = bench.results;
    String label = contender.label;
    addCold(workload, contender, BURST);
    r.add(workload, label, BURST_WARM, r.median(burstWorkload, label, "runs/s"));
    addCold(workload, contender, "burst missing");
    addCold(workload, contender, "burst duplicates");
    addCold(workload, contender, FIRST_RUN);
    for (String p : List.of("p50", "p99", "max")) {
      addCold(workload, contender, p + " ms cold");
      r.add(workload, label, p + " ms warm", r.median(precisionWorkload, label, p + " ms"));
    }
    addCold(workload, contender, "precision missing");
    addCold(workload, contender, "precision duplicates");
  }

  private void addCold(String workload, Contender contender, String metric) {
    List<Double> values = cold.getOrDefault(contender, Map.of()).getOrDefault(metric, List.of());
    if (values.isEmpty()) {
      bench.results.add(workload, contender.label, metric, Double.NaN);
    }
    for (double value : values) {
      bench.results.add(workload, contender.label, metric, value);
    }
  }
}
