package io.pipelinescheduler.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * W4: a burst run by 1, 2 or 3 instances, each in its own JVM, on one PostgreSQL (and, for our
 * {@code redis} backend, one Redis). Throughput counts from the moment every instance is told to
 * start (one creator: from the due instant of the work it created) to the first run of the last
 * job; every job's runs are counted across all instances, and by instance (its share). Each
 * instance reports its process's CPU time from GO to STOP; their sum per run is the cluster's CPU
 * cost. Before it, the same instances run a warm-up burst of the same shape together, in a schema
 * of its own, so that the measured burst meets JVMs that have compiled its paths, the contended
 * ones included: as many runs as the measured burst times the number of instances, so that each
 * instance runs about as many warm-up runs as one instance alone would.
 *
 * <p>Our two models: every instance registers the same code one-shots (the slots are contended), or
 * one instance creates them as data-defined schedules of a job type every instance registers, with
 * every instance running and seeing the others before the work is created (the slots are split
 * among owners). The peers keep work as rows: one client inserts them, every instance runs.
 */
final class ClusterWorkload {
  /** The smallest share of the runs that one instance ran, in percent. */
  static final String MIN_SHARE = "min share %";

  /** The CPU time of every instance from GO to STOP, summed, per run, in µs. */
  static final String CPU_PER_RUN = "CPU µs/run";

  /** Of {@link #CPU_PER_RUN}, the JIT compiler threads' (see {@link CompilerCpu}). */
  static final String JIT_PER_RUN = "of which JIT µs/run";

  /**
   * Every instance registering: the CPU time of every instance from the due instant (the start of
   * the burst) to STOP, summed, per run, in µs; {@link #CPU_PER_RUN} also holds the instances
   * waiting for it, as long as the lead given for their registration.
   */
  static final String CPU_FROM_DUE = "CPU from due µs/run";

  /** Of {@link #CPU_FROM_DUE}, the JIT compiler threads'. */
  static final String JIT_FROM_DUE = "of which JIT from due µs/run";

  /** The options of each instance's JVM. */
  static final List<String> NODE_JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m");

  private final Bench bench;
  private final Sizes sizes;

  private final java.util.Set<Contender> only;

  /**
   * @param only the contenders to run (null: all)
   */
  ClusterWorkload(Bench bench, java.util.Set<Contender> only) {
    this.only = only;
    this.bench = bench;
    this.sizes = bench.sizes;
  }

  /**
   * How far ahead of the end of the warm-up the measured one-shots are due when each of our
   * instances registers them while running (in one {@code scheduleAll}: about a second, up to 4.6 s
   * seen with three instances after their warm-up of 30,000).
   */
  private static final Duration EVERY_REGISTERS_LEAD = Duration.ofSeconds(10);

  void run(String workload, List<Contender> contenders) {
    for (int run = 1; run <= sizes.runs(); run++) {
      for (int nodes : sizes.clusterSizes()) {
        for (Contender contender : chosen(contenders)) {
          try {
            runOnce(workload, contender, nodes);
          } catch (RuntimeException e) {
            // One contender failing (e.g. a lock backend missing from this build) leaves the rest.
            bench.results.note(
                workload, contender.label + " × " + nodes + " failed: " + e.getMessage());
            Bench.log("%s %s × %d failed: %s", workload, contender.label, nodes, e);
          }
        }
      }
    }
  }

  private void runOnce(String workload, Contender contender, int nodes) {
    int n = runs(contender);
    String label = contender.label + " × " + nodes;
    OnceRecorder recorder = new OnceRecorder(n);
    // Every instance runs about as many warm-up runs as the measured burst has, whatever their
    // number: with a warm-up of n shared by three, a profile showed half of the measured burst's
    // CPU in the JIT compiler threads (it still shows much: see docs/benchmarks.md).
    int warmRuns = n * nodes;
    OnceRecorder warmRecorder = new OnceRecorder(warmRuns);
    List<Process> processes = new ArrayList<>();
    try (Bench.Env env = bench.env(contender);
        Bench.Env warmEnv = bench.env(contender)) {
      Instant warmDue = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      boolean eachRegisters = contender.isOurs() && !contender.oneCreator;
      if (!contender.isOurs()) {
        // The peers keep jobs as rows: one client inserts them, every instance picks them up.
        load(warmEnv, warmRuns, warmDue);
      }
      ClusterSignals signals = new ClusterSignals(nodes);
      for (int i = 0; i < nodes; i++) {
        String id = "node-" + (i + 1);
        boolean registers = eachRegisters || (contender.oneCreator && i == 0);
        Process process =
            start(contender, env, warmEnv, id, n, registers, warmDue, warmRuns, nodes);
        processes.add(process);
        int node = i;
        Thread reader =
            new Thread(
                () -> signals.read(process, node, recorder, warmRecorder), "cluster-reader-" + id);
        reader.setDaemon(true);
        reader.start();
      }
      await(signals.warmReady, processes, label + ": the warm-up did not get ready");
      // Ours registers or creates the warm-up's one-shots after this line, due as far ahead as the
      // measured ones of every instance registering; the peers' rows were loaded due at once, as
      // their measured ones are.
      sendAll(
          processes,
          contender.isOurs()
              ? "WARM " + Instant.now().plus(EVERY_REGISTERS_LEAD).toEpochMilli()
              : "WARM");
      if (!warmRecorder.awaitAll(Duration.ofMinutes(5))) {
        bench.results.note(workload, label + ": not every warm-up run happened within 5 minutes");
      }
      // Due when the warm-up ends (after its slot, so that no claim key is the warm-up's); ours
      // with every instance registering: far enough ahead for the running instances to register.
      Instant due =
          Instant.now()
              .plus(eachRegisters ? EVERY_REGISTERS_LEAD : Duration.ZERO)
              .truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < n; i++) {
        recorder.due(i, due);
      }
      long registration = 0;
      long t = System.nanoTime();
      if (!contender.isOurs()) {
        load(env, n, due);
        registration = System.nanoTime() - t;
      }
      sendAll(processes, "WARM-STOP " + due.toEpochMilli());
      await(signals.ready, processes, label + ": an instance did not get ready");
      if (eachRegisters) {
        registration = System.nanoTime() - t;
      }
      long goMicros = Micros.now();
      sendAll(processes, "GO");
      boolean complete = recorder.awaitAll(Duration.ofMinutes(5));
      long endMicros = complete ? recorder.lastFirstStartMicros() : Micros.now();
      long fromMicros = goMicros;
      if (eachRegisters) {
        fromMicros = Micros.of(due);
        if (signals.created[1] > fromMicros) {
          bench.results.note(
              workload, label + ": the registration outlasted the due instant it was given");
        }
      } else if (contender.oneCreator) {
        long[] created = signals.created;
        registration = (created[1] - created[0]) * 1000;
        // The creator's one-shots are due after their creation: the burst starts then.
        fromMicros = created[2] > 0 ? created[2] : goMicros;
        if (created[1] > created[2]) {
          bench.results.note(
              workload, label + ": the creation outlasted the due instant it was given");
        }
      }
      double seconds = (endMicros - fromMicros) / 1e6;
      Bench.sleep(1000);
      sendAll(processes, "STOP");
      if (!signals.done.await(2, TimeUnit.MINUTES)) {
        bench.results.note(workload, label + ": an instance did not stop in time");
      }
      long history = -1;
      if (contender.isOurs()) {
        history =
            Postgres.count(env.jdbcUrl, "SELECT count(*) FROM ps_runs WHERE status = 'SUCCEEDED'");
      }
      bench.results.add(workload, label, "runs/s", recorder.distinct() / seconds);
      bench.results.add(workload, label, "drain s", seconds);
      bench.results.add(workload, label, "registration s", registration / 1e9);
      bench.results.add(workload, label, "missing", n - recorder.distinct());
      bench.results.add(workload, label, "duplicates", recorder.duplicates());
      if (history >= 0) {
        bench.results.add(workload, label, "history rows", history);
      }
      double cpuMicrosPerRun = signals.cpuNanos.get() / 1e3 / Math.max(1, recorder.distinct());
      bench.results.add(workload, label, CPU_PER_RUN, cpuMicrosPerRun);
      double jitMicrosPerRun = signals.jitNanos.get() / 1e3 / Math.max(1, recorder.distinct());
      bench.results.add(workload, label, JIT_PER_RUN, jitMicrosPerRun);
      if (eachRegisters) {
        int runs = Math.max(1, recorder.distinct());
        bench.results.add(
            workload, label, CPU_FROM_DUE, signals.cpuFromDueNanos.get() / 1e3 / runs);
        bench.results.add(
            workload, label, JIT_FROM_DUE, signals.jitFromDueNanos.get() / 1e3 / runs);
      }
      double[] shares = signals.sharesPercent();
      double minShare = Arrays.stream(shares).min().orElse(Double.NaN);
      bench.results.add(workload, label, MIN_SHARE, minShare);
      for (int i = 0; i < shares.length; i++) {
        bench.results.add(workload, label, "node-" + (i + 1) + " %", shares[i]);
      }
      Bench.log(
          "%s %s: %.0f runs/s (%d of %d in %.2f s; %d duplicates; history %d; shares %s %%;"
              + " CPU %.0f µs/run, of which JIT %.0f; from the due instant %.0f, of which JIT"
              + " %.0f)",
          workload,
          label,
          recorder.distinct() / seconds,
          recorder.distinct(),
          n,
          seconds,
          recorder.duplicates(),
          history,
          Arrays.toString(Arrays.stream(shares).map(Math::rint).toArray()),
          cpuMicrosPerRun,
          jitMicrosPerRun,
          signals.cpuFromDueNanos.get() / 1e3 / Math.max(1, recorder.distinct()),
          signals.jitFromDueNanos.get() / 1e3 / Math.max(1, recorder.distinct()));
      if (!complete) {
        bench.results.note(workload, label + ": not every run happened within 5 minutes");
      }
      if (contender.isOurs() && !bench.results.settings(workload).containsKey(contender.label)) {
        bench.results.settings(workload, contender.label, settings(contender));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      stopAll(processes);
    }
  }

  /** Lets every instance exit by itself (and write what it writes at exit), then kills it. */
  static void stopAll(List<Process> processes) {
    for (Process process : processes) {
      try {
        process.waitFor(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
    }
  }

  /**
   * Runs of one burst, and of the warm-up burst before it: as many as the measured burst, so that
   * the JIT has compiled the burst's paths (a warm-up of half the size still left the JIT compiling
   * through the measured burst). Quartz JobStoreTX gets W1's smaller burst: it runs about a hundred
   * jobs a second.
   */
  private int runs(Contender contender) {
    return contender == Contender.QUARTZ_JDBC
        ? Math.min(sizes.burstQuartzJdbc(), sizes.clusterRuns())
        : sizes.clusterRuns();
  }

  /** The settings of a contender, read from a subject built but never started. */
  private Map<String, String> settings(Contender contender) {
    try (Bench.Env env = bench.env(contender);
        Subject subject = env.subject((id, slot) -> {}, "settings")) {
      return subject.settings();
    }
  }

  /** Inserts a peer's one-shot jobs as one client: every instance then picks them up. */
  private static void load(Bench.Env env, int n, Instant due) {
    Subject loader = env.subject((id, slot) -> {}, "loader");
    try {
      loader.scheduleOnce(n, i -> due);
    } finally {
      loader.close();
    }
  }

  private void await(CountDownLatch latch, List<Process> processes, String failure)
      throws InterruptedException {
    long readyBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!latch.await(1, TimeUnit.SECONDS)) {
      if (processes.stream().anyMatch(p -> !p.isAlive()) || System.nanoTime() > readyBy) {
        throw new IllegalStateException(failure + "; see " + bench.scratch + "/*.err");
      }
    }
  }

  static void sendAll(List<Process> processes, String line) {
    for (Process process : processes) {
      send(process, line);
    }
  }

  private Process start(
      Contender contender,
      Bench.Env env,
      Bench.Env warmup,
      String instanceId,
      int n,
      boolean register,
      Instant warmDue,
      int warmRuns,
      int nodes) {
    List<String> args = new ArrayList<>();
    args.add(contender.name());
    args.add(env.jdbcUrl);
    args.add(warmup.jdbcUrl);
    args.add(contender.isOurs() ? env.lockTarget() : "-");
    args.add(instanceId);
    args.add(Integer.toString(sizes.threads()));
    args.add(Integer.toString(n));
    args.add(Boolean.toString(register));
    args.add(Long.toString(warmDue.toEpochMilli()));
    args.add(Integer.toString(warmRuns));
    args.add(Integer.toString(nodes));
    return startJvm(bench, ClusterNode.class, args, errors(contender, instanceId));
  }

  /** Where an instance's standard error goes: one file per contender and instance id. */
  static String errors(Contender contender, String instanceId) {
    return contender.name().toLowerCase(java.util.Locale.ROOT) + "-" + instanceId + ".err";
  }

  /**
   * Starts {@code main} with {@code args} in a JVM of its own with {@link #NODE_JVM_OPTIONS}, its
   * standard error appended to {@code errors} in the scratch directory (kept when not empty).
   */
  static Process startJvm(Bench bench, Class<?> main, List<String> args, String errors) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(NODE_JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    try {
      return new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.appendTo(bench.scratch.resolve(errors).toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + main.getSimpleName() + " " + args, e);
    }
  }

  static void send(Process process, String line) {
    try {
      OutputStream out = process.getOutputStream();
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot talk to an instance", e);
    }
  }

  private List<Contender> chosen(List<Contender> contenders) {
    return only == null ? contenders : contenders.stream().filter(only::contains).toList();
  }
}
