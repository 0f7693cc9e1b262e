package io.pipelinescheduler.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One instance of a W4 cluster, in its own JVM. Arguments: contender, JDBC URL, warm-up JDBC URL,
 * Redis URL, instance id, threads, runs, whether it registers the runs itself, the warm-up's due
 * instant (epoch ms) and its number of runs.
 *
 * <p>It first takes part in a warm-up burst, shaped like the measured one (the same instances
 * competing for the same slots, in a schema of their own): it registers them when told to, prints
 * {@code WARM-READY}, starts on the line {@code WARM}, prints {@code W <id>} for every warm-up run
 * and stops on {@code WARM-STOP <due epoch ms>}, which gives the measured runs' due instant. Then
 * it registers the measured runs when told to, prints {@code READY}, starts on {@code GO}, prints
 * {@code R <id> <epoch µs>} for every run, and stops on {@code STOP}, printing {@code DONE}.
 */
public final class ClusterNode {

  private ClusterNode() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    Contender contender = Contender.valueOf(args[0]);
    String jdbcUrl = args[1];
    String warmupUrl = args[2];
    String redisUrl = args[3];
    String instanceId = args[4];
    int threads = Integer.parseInt(args[5]);
    int runs = Integer.parseInt(args[6]);
    Instant due; // sent with WARM-STOP
    boolean register = Boolean.parseBoolean(args[7]);

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

    Instant warmDue = Instant.ofEpochMilli(Long.parseLong(args[8]));
    int warmRuns = Integer.parseInt(args[9]);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Subject warm =
        create(
            contender,
            warmupUrl,
            redisUrl,
            instanceId,
            threads,
            (id, slot) -> lines.add("W " + id));
    try {
      if (register) {
        warm.scheduleOnce(warmRuns, i -> warmDue);
      }
      lines.add("WARM-READY");
      awaitLine(in, "WARM");
      warm.start();
      due = Instant.ofEpochMilli(Long.parseLong(awaitLine(in, "WARM-STOP")));
    } finally {
      warm.close();
    }

    Subject subject =
        create(
            contender,
            jdbcUrl,
            redisUrl,
            instanceId,
            threads,
            (id, slot) -> lines.add("R " + id + " " + Micros.now()));
    if (register) {
      subject.scheduleOnce(runs, i -> due);
    }
    lines.add("READY");
    awaitLine(in, "GO");
    subject.start();
    awaitLine(in, "STOP");
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
      String redisUrl,
      String instanceId,
      int threads,
      RunSink sink) {
    return switch (contender) {
      case OURS_CLUSTER -> OursSubject.cluster(threads, jdbcUrl, redisUrl, instanceId, sink);
      case QUARTZ_JDBC -> QuartzSubject.jdbc(threads, jdbcUrl, instanceId, sink);
      case DBS_FETCH, DBS_LOCK_AND_FETCH ->
          new DbSchedulerSubject(contender, threads, jdbcUrl, instanceId, sink);
      default -> throw new IllegalArgumentException(contender + " does not run as a cluster");
    };
  }
}
