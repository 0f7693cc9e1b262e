package io.pipelinescheduler.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * W4: a burst run by 2 or 3 instances, each in its own JVM, on one PostgreSQL (and, for us, one
 * Redis). Throughput counts from the moment every instance is told to start to the first run of the
 * last job; every job's runs are counted across all instances. Before it, the same instances run a
 * warm-up burst of the same shape together, in a schema of its own, so that the measured burst
 * meets JVMs that have compiled its paths, the contended ones included.
 */
final class ClusterWorkload {
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

  void run(String workload, List<Contender> contenders) {
    for (int run = 1; run <= sizes.runs(); run++) {
      for (int nodes : sizes.clusterSizes()) {
        for (Contender contender : chosen(contenders)) {
          runOnce(workload, contender, nodes);
        }
      }
    }
  }

  private void runOnce(String workload, Contender contender, int nodes) {
    int n = sizes.clusterRuns();
    String label = contender.label + " × " + nodes;
    OnceRecorder recorder = new OnceRecorder(n);
    OnceRecorder warmRecorder = new OnceRecorder(warmRuns());
    List<Process> processes = new ArrayList<>();
    try (Bench.Env env = bench.env(contender);
        Bench.Env warmEnv = bench.env(contender)) {
      Instant warmDue = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      boolean eachRegisters = contender.isOurs();
      if (!eachRegisters) {
        // The peers keep jobs as rows: one client inserts them, every instance picks them up.
        load(warmEnv, warmRuns(), warmDue);
      }
      Signals signals = new Signals(nodes);
      for (int i = 0; i < nodes; i++) {
        String id = "node-" + (i + 1);
        Process process = start(contender, env, warmEnv, id, n, eachRegisters, warmDue);
        processes.add(process);
        Thread reader =
            new Thread(
                () -> read(process, recorder, warmRecorder, signals), "cluster-reader-" + id);
        reader.setDaemon(true);
        reader.start();
      }
      await(signals.warmReady, processes, label + ": the warm-up did not get ready");
      sendAll(processes, "WARM");
      if (!warmRecorder.awaitAll(Duration.ofMinutes(5))) {
        bench.results.note(workload, label + ": not every warm-up run happened within 5 minutes");
      }
      // Due when the warm-up ends (after its slot, so that no claim key is the warm-up's).
      Instant due = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      for (int i = 0; i < n; i++) {
        recorder.due(i, due);
      }
      long registration = 0;
      long t = System.nanoTime();
      if (!eachRegisters) {
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
      double seconds =
          ((complete ? recorder.lastFirstStartMicros() : Micros.now()) - goMicros) / 1e6;
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
      Bench.log(
          "%s %s: %.0f runs/s (%d of %d in %.2f s; %d duplicates; history %d)",
          workload,
          label,
          recorder.distinct() / seconds,
          recorder.distinct(),
          n,
          seconds,
          recorder.duplicates(),
          history);
      if (!complete) {
        bench.results.note(workload, label + ": not every run happened within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      for (Process process : processes) {
        try {
          // Lets an instance exit by itself (and write what it writes at exit) before it is killed.
          process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
      }
    }
  }

  /**
   * Runs of the warm-up burst: as many as the measured burst, so that the JIT has compiled the
   * burst's paths (a warm-up of half the size still left the JIT compiling through the measured
   * burst).
   */
  private int warmRuns() {
    return sizes.clusterRuns();
  }

  /** What the instances have signalled so far. */
  private static final class Signals {
    final CountDownLatch warmReady;
    final CountDownLatch ready;
    final CountDownLatch done;

    Signals(int nodes) {
      warmReady = new CountDownLatch(nodes);
      ready = new CountDownLatch(nodes);
      done = new CountDownLatch(nodes);
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

  private static void sendAll(List<Process> processes, String line) {
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
      Instant warmDue) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(NODE_JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ClusterNode.class.getName());
    command.add(contender.name());
    command.add(env.jdbcUrl);
    command.add(warmup.jdbcUrl);
    command.add(contender.isOurs() ? bench.redis().url() : "-");
    command.add(instanceId);
    command.add(Integer.toString(sizes.threads()));
    command.add(Integer.toString(n));
    command.add(Boolean.toString(register));
    command.add(Long.toString(warmDue.toEpochMilli()));
    command.add(Integer.toString(warmRuns()));
    try {
      return new ProcessBuilder(command)
          .redirectError(bench.scratch.resolve(instanceId + ".err").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + instanceId, e);
    }
  }

  private static void read(
      Process process, OnceRecorder recorder, OnceRecorder warmRecorder, Signals signals) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("R ")) {
          int space = line.indexOf(' ', 2);
          recorder.ranAt(
              Integer.parseInt(line.substring(2, space)),
              Long.parseLong(line.substring(space + 1)));
        } else if (line.startsWith("W ")) {
          warmRecorder.ranAt(Integer.parseInt(line.substring(2)), Micros.now());
        } else if (line.equals("WARM-READY")) {
          signals.warmReady.countDown();
        } else if (line.equals("READY")) {
          signals.ready.countDown();
        } else if (line.equals("DONE")) {
          signals.done.countDown();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static void send(Process process, String line) {
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
