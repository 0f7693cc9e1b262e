package io.pipelinescheduler.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up: each contender's scheduler built and started from nothing, in a fresh JVM per
 * repetition ({@link StartupMain}; cold), then once more in that JVM (warm). The JVMs run with no
 * options, on the application's class path without an SLF4J binding ({@code target/startup-lib},
 * copied at {@code package}), except the row that binds logback (the shaded jar, logback at WARN).
 * Contenders take turns within each repetition, so that the machine's load falls on all alike; one
 * unmeasured launch each first brings the jars into the page cache.
 */
final class StartupWorkload {
  /**
   * Build the configuration, create and start in a new JVM, from the first line of {@code main}.
   */
  static final String COLD = "cold ms";

  /** The metric: {@code create()} + {@code start()} alone, in a new JVM. */
  static final String CREATE_AND_START = "create + start ms";

  static final String OURS_SQLITE = "pipeline-scheduler (SQLite, no SLF4J binding)";
  static final String OURS_SQLITE_LOGBACK = "pipeline-scheduler (SQLite, logback at WARN)";
  static final String OURS_POSTGRES = "pipeline-scheduler (PostgreSQL)";
  static final String OURS_MEMORY = "pipeline-scheduler (in memory: no store to open)";
  static final String QUARTZ_RAM = "Quartz 2.5 RAMJobStore";
  static final String DBS = "db-scheduler 16 (PostgreSQL)";

  private final Bench bench;

  StartupWorkload(Bench bench) {
    this.bench = bench;
  }

  /** One contender: its label, {@link StartupMain}'s argument, and whether logback is bound. */
  private record Launch(String label, String kind, boolean logback) {}

  void run(String workload) {
    List<Launch> launches =
        List.of(
            new Launch(OURS_SQLITE, "ours-sqlite", false),
            new Launch(OURS_SQLITE_LOGBACK, "ours-sqlite", true),
            new Launch(OURS_POSTGRES, "ours-postgres", false),
            new Launch(OURS_MEMORY, "ours-memory", false),
            new Launch(QUARTZ_RAM, "quartz-ram", false),
            new Launch(DBS, "db-scheduler", false));
    for (Launch launch : launches) {
      runOnce(launch); // unmeasured: the page cache
      bench.results.settings(workload, launch.label(), settings(launch));
    }
    for (int run = 1; run <= bench.sizes.startupRuns(); run++) {
      for (Launch launch : launches) {
        Map<String, String> values = runOnce(launch);
        if (values.containsKey("error")) {
          bench.results.note(workload, launch.label() + ": " + values.get("error"));
          continue;
        }
        add(workload, launch.label(), COLD, values, "cold_ms");
        if (values.containsKey("create_ms")) {
          add(workload, launch.label(), "create ms", values, "create_ms");
          add(workload, launch.label(), "start ms", values, "start_ms");
          bench.results.add(
              workload,
              launch.label(),
              CREATE_AND_START,
              Double.parseDouble(values.get("create_ms"))
                  + Double.parseDouble(values.get("start_ms")));
        }
        add(workload, launch.label(), "JVM start → started ms", values, "jvm_to_started_ms");
        add(workload, launch.label(), "CPU until started ms", values, "cpu_to_started_ms");
        add(workload, launch.label(), "warm ms", values, "warm_ms");
        Bench.log("%s %s (load %s): %s", workload, launch.label(), Machine.load(), values);
      }
    }
    for (Launch launch : launches) {
      List<Double> cold = bench.results.values(workload, launch.label(), COLD);
      if (!cold.isEmpty()) {
        bench.results.add(
            workload,
            launch.label(),
            "cold max ms",
            cold.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
      }
    }
  }

  private void add(
      String workload, String label, String metric, Map<String, String> values, String key) {
    bench.results.add(workload, label, metric, Double.parseDouble(values.get(key)));
  }

  private Map<String, String> settings(Launch launch) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(
        "configuration",
        switch (launch.kind()) {
          case "ours-sqlite" -> "SchedulerConfig defaults, dbPath a new file";
          case "ours-postgres" -> "SchedulerConfig defaults, dbUrl a new, empty schema";
          case "ours-memory" -> "SchedulerConfig defaults, persistSchedules(false)";
          case "quartz-ram" -> "RAMJobStore, SimpleThreadPool of 10, skipUpdateCheck";
          default -> "HikariCP pool (13), 10 threads, one one-time task; its table created before";
        });
    settings.put(
        "class path",
        launch.logback()
            ? "the shaded benchmarks.jar: logback bound, root at WARN"
            : "target/startup-lib (no SLF4J binding: SLF4J's no-operation logger)");
    settings.put("JVM options", "none");
    return settings;
  }

  /** Launches {@link StartupMain} once; its {@code key=value} lines, or an {@code error}. */
  private Map<String, String> runOnce(Launch launch) {
    List<String> cleanup = new ArrayList<>();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(launch.logback() ? System.getProperty("java.class.path") : withoutBinding());
    command.add(StartupMain.class.getName());
    command.add(launch.kind());
    Path errors = bench.scratch.resolve("startup-" + launch.kind() + ".err");
    try {
      for (int round = 1; round <= 2; round++) {
        command.add(target(launch, cleanup));
      }
      ChildJvm.Output output = ChildJvm.run(command, errors, Duration.ofMinutes(5));
      return output.failed()
          ? Map.of("error", "the JVM failed: " + ChildJvm.tail(output.errors()))
          : output.values();
    } finally {
      for (String item : cleanup) {
        if (item.startsWith("jdbc:")) {
          bench.postgres().dropSchema(item);
        } else {
          for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
              Files.deleteIfExists(Path.of(item + suffix));
            } catch (IOException e) {
              // left in the scratch directory
            }
          }
        }
      }
    }
  }

  /** A new SQLite file or PostgreSQL schema for one round of a launch (noted for clean-up). */
  private String target(Launch launch, List<String> cleanup) {
    String target =
        switch (launch.kind()) {
          case "ours-sqlite" ->
              bench
                  .scratch
                  .resolve("startup-" + cleanup.size() + "-" + System.nanoTime() + ".db")
                  .toString();
          case "ours-postgres" -> bench.postgres().newSchemaUrl("startup_ours");
          case "db-scheduler" -> {
            String url = bench.postgres().newSchemaUrl("startup_dbs");
            Postgres.runScript(url, DbSchedulerSubject.TABLES);
            yield url;
          }
          default -> "-";
        };
    if (!target.equals("-")) {
      cleanup.add(target);
    }
    return target;
  }

  /**
   * The class path of an application without an SLF4J binding: the benchmarks' own classes and the
   * jars {@code package} copied into {@code target/startup-lib} (no logback there).
   */
  private static String withoutBinding() {
    Path target = buildDirectory();
    Path lib = target.resolve("startup-lib");
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException(
          lib + " is missing: build with `mvn -pl scheduler-benchmarks -am package`");
    }
    return target.resolve("classes") + File.pathSeparator + lib.resolve("*");
  }

  /** {@code scheduler-benchmarks/target}: where benchmarks.jar or the classes directory is. */
  private static Path buildDirectory() {
    try {
      Path source =
          Path.of(
              StartupWorkload.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return source.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
