package io.pipelinescheduler.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One instance of a W4 cluster, in its own JVM. Arguments: contender, JDBC URL, warm-up JDBC URL,
 * lock target (our Redis URL or shared lock directory, else {@code -}), instance id, threads, runs,
 * whether it registers or creates the runs itself, the warm-up's due instant (epoch ms), its number
 * of runs, and the number of instances.
 *
 * <p>It first takes part in a warm-up burst, shaped like the measured one (the same instances
 * competing for the same slots, in a schema of its own): it registers them when told to, prints
 * {@code WARM-READY}, starts on the line {@code WARM}, prints {@code W <id> <epoch µs>} for every
 * warm-up run and stops on {@code WARM-STOP <due epoch ms>}, which gives the measured runs' due
 * instant. Then it registers the measured runs when told to, prints {@code READY}, starts on {@code
 * GO}, prints {@code R <id> <epoch µs>} for every run, and on {@code STOP} prints {@code CPU <ns>}
 * (its process's CPU time since {@code GO}) and {@code JIT <ns>} (that of its JIT compiler
 * threads), and when every instance registers {@code CPU-DUE <ns> <ns>} (both since the due
 * instant), closes and prints {@code DONE}.
 *
 * <p>Ours is started and sees all the other instances live before it prints {@code WARM-READY} or
 * {@code READY}, as such a cluster runs; it registers (or creates) the warm-up's one-shots on the
 * line {@code WARM <due epoch ms>}, due then, ahead as the measured ones are. With one creator,
 * every instance registers the job type; only the creator makes the one-shots, on {@code WARM} and
 * on {@code GO} (due when the creation is expected to be over and followed by the others: as long
 * after GO as the warm-up's creation took, at least 1 s, plus 1 s), and then prints {@code CREATED
 * <start µs> <end µs> <due µs>}.
 */
public final class ClusterNode {
  /** How long an instance of a one-creator cluster waits to see every other one live. */
  private static final Duration LIVE_TIMEOUT = Duration.ofMinutes(1);

  private ClusterNode() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    Contender contender = Contender.valueOf(args[0]);
    String jdbcUrl = args[1];
    String warmupUrl = args[2];
    String lockTarget = args[3];
    String instanceId = args[4];
    int threads = Integer.parseInt(args[5]);
    int runs = Integer.parseInt(args[6]);
    boolean register = Boolean.parseBoolean(args[7]);
    Instant warmDue = Instant.ofEpochMilli(Long.parseLong(args[8]));
    int warmRuns = Integer.parseInt(args[9]);
    int instances = Integer.parseInt(args[10]);
    // Ours runs as a cluster does: started, every instance seeing the others, before work comes.
    boolean startEarly = contender.isOurs();

    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread printer =
        new Thread(
            () -> {
              List<String> batch = new ArrayList<>();
              while (true) {
                try {
                  batch.add(lines.take());
                } catch (InterruptedException e) {
                  return;
                }
                lines.drainTo(batch);
                for (String line : batch) {
                  out.println(line);
                }
                out.flush();
                batch.clear();
              }
            },
            "cluster-node-printer");
    printer.setDaemon(true);
    printer.start();

    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Instant due; // sent with WARM-STOP
    long warmCreationNanos = 0;
    Subject warm =
        create(contender, warmupUrl, lockTarget, instanceId, threads, new PrintedRuns(lines, "W"));
    try {
      if (startEarly) {
        startAndAwaitLive(warm, instances);
      } else if (register) {
        warm.scheduleOnce(warmRuns, i -> warmDue);
      }
      lines.add("WARM-READY");
      String warmAhead = awaitLine(in, "WARM");
      if (startEarly) {
        if (register) {
          long t = System.nanoTime();
          // Due ahead (the parent's instant), as the measured one-shots are, so that the warm-up
          // takes their path: a slot claimed ahead and started at its instant, not a late one.
          // Every instance that registers gives the same one-shots the same instant.
          Instant ahead = Instant.ofEpochMilli(Long.parseLong(warmAhead));
          warm.scheduleOnce(warmRuns, i -> ahead);
          warmCreationNanos = System.nanoTime() - t;
        }
      } else {
        warm.start();
      }
      due = Instant.ofEpochMilli(Long.parseLong(awaitLine(in, "WARM-STOP")));
    } finally {
      warm.close();
    }

    Subject subject =
        create(contender, jdbcUrl, lockTarget, instanceId, threads, new PrintedRuns(lines, "R"));
    if (startEarly) {
      startAndAwaitLive(subject, instances);
      if (register && !contender.oneCreator) {
        // Due after the instances have registered: the parent gave an instant far enough ahead.
        long start = Micros.now();
        subject.scheduleOnce(runs, i -> due);
        lines.add("CREATED " + start + " " + Micros.now() + " " + Micros.of(due));
      }
    } else if (register) {
      subject.scheduleOnce(runs, i -> due);
    }
    lines.add("READY");
    awaitLine(in, "GO");
    long cpu = processCpuNanos();
    long jit = CompilerCpu.nanos();
    // Every instance registering: the same from the due instant, when the burst starts (from GO,
    // the count also holds the instances idling until then, as long as the lead the parent gave).
    CpuAtDue cpuAtDue = startEarly && register && !contender.oneCreator ? new CpuAtDue(due) : null;
    if (!startEarly) {
      subject.start();
    } else if (register && contender.oneCreator) {
      long leadMillis = Math.max(1000, warmCreationNanos / 1_000_000) + 1000;
      Instant createdDue = Instant.now().plusMillis(leadMillis);
      long start = Micros.now();
      subject.scheduleOnce(runs, i -> createdDue);
      lines.add("CREATED " + start + " " + Micros.now() + " " + Micros.of(createdDue));
    }
    awaitLine(in, "STOP");
    long cpuNow = processCpuNanos();
    long jitNow = CompilerCpu.nanos();
    lines.add("CPU " + (cpuNow - cpu));
    lines.add("JIT " + (jitNow - jit));
    if (cpuAtDue != null) {
      long[] atDue = cpuAtDue.reading();
      lines.add("CPU-DUE " + (cpuNow - atDue[0]) + " " + (jitNow - atDue[1]));
    }
    subject.close();
    lines.add("DONE");
    while (!lines.isEmpty()) {
      Thread.sleep(10);
    }
    Thread.sleep(50);
    out.flush();
    System.exit(0);
  }

  /**
   * Prints {@code <prefix> <id> <epoch µs>} for each run: one class for the warm-up's runs and the
   * measured ones, so that the job's call sites keep the type profile the warm-up gave them.
   */
  private record PrintedRuns(LinkedBlockingQueue<String> lines, String prefix) implements RunSink {
    @Override
    public void ran(int id, Instant slot) {
      lines.add(prefix + " " + id + " " + Micros.now());
    }
  }

  /** Starts a one-creator instance and waits until it sees every instance of the cluster live. */
  private static void startAndAwaitLive(Subject subject, int instances)
      throws InterruptedException {
    subject.start();
    if (!((OursSubject) subject).awaitLive(instances, LIVE_TIMEOUT)) {
      System.err.println("did not see " + instances + " live instances within " + LIVE_TIMEOUT);
    }
  }

  /**
   * Reads the process's and its compiler threads' CPU time at an instant, on a thread of its own.
   */
  private static final class CpuAtDue {
    private final java.util.concurrent.CompletableFuture<long[]> reading =
        new java.util.concurrent.CompletableFuture<>();

    CpuAtDue(Instant at) {
      Thread reader =
          new Thread(
              () -> {
                try {
                  Thread.sleep(Math.max(0, at.toEpochMilli() - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                reading.complete(new long[] {processCpuNanos(), CompilerCpu.nanos()});
              },
              "cluster-node-cpu-at-due");
      reader.setDaemon(true);
      reader.start();
    }

    long[] reading() throws InterruptedException {
      try {
        return reading.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The CPU time of this whole process (every thread, the JIT and GC included), in ns. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Reads standard input up to the line that is {@code expected} or starts with it and a space;
   * returns what follows that space ("" for none).
   */
  private static String awaitLine(BufferedReader in, String expected) throws java.io.IOException {
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals(expected)) {
        return "";
      }
      if (line.startsWith(expected + " ")) {
        return line.substring(expected.length() + 1);
      }
    }
    throw new java.io.EOFException("standard input ended before " + expected);
  }

  static Subject create(
      Contender contender,
      String jdbcUrl,
      String lockTarget,
      String instanceId,
      int threads,
      RunSink sink) {
    return switch (contender) {
      case OURS_CLUSTER, OURS_CLUSTER_DB, OURS_CREATOR_REDIS, OURS_CREATOR_DB ->
          OursSubject.cluster(contender, threads, jdbcUrl, lockTarget, instanceId, true, sink);
      case QUARTZ_JDBC -> QuartzSubject.jdbc(threads, jdbcUrl, instanceId, sink);
      case DBS_FETCH, DBS_LOCK_AND_FETCH ->
          new DbSchedulerSubject(contender, threads, jdbcUrl, instanceId, sink);
      default -> throw new IllegalArgumentException(contender + " does not run as a cluster");
    };
  }
}
