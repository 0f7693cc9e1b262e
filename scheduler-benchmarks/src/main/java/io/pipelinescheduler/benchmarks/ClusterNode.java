package io.pipelinescheduler.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One instance of a W4 cluster, in its own JVM. Arguments: contender, JDBC URL, warm-up JDBC URL,
 * Redis URL, instance id, threads, runs, due (epoch ms), and whether it registers the runs itself.
 *
 * <p>It warms up (a small burst on the warm-up URL), registers the runs when told to, prints {@code
 * READY}, starts on the line {@code GO} from standard input, prints {@code R <id> <epoch µs>} for
 * every run, and stops on {@code STOP}, printing {@code DONE}.
 */
public final class ClusterNode {
  private static final int WARMUP = 500;

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
    Instant due = Instant.ofEpochMilli(Long.parseLong(args[7]));
    boolean register = Boolean.parseBoolean(args[8]);

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

    warmUp(contender, warmupUrl, redisUrl, instanceId, threads);

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
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("GO")) {
        subject.start();
      } else if (line.equals("STOP")) {
        break;
      }
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

  /** A small burst in a schema of its own, so that the measured run meets a warm JVM. */
  private static void warmUp(
      Contender contender, String warmupUrl, String redisUrl, String instanceId, int threads)
      throws InterruptedException {
    OnceRecorder recorder = new OnceRecorder(WARMUP);
    Subject subject =
        create(contender, warmupUrl, redisUrl, instanceId + "-warmup", threads, recorder);
    try {
      // Whole seconds plus the node's number in ms: no two nodes' warm-up slots are the same, so
      // that they do not compete for each other's claims in the shared Redis.
      int node = Integer.parseInt(instanceId.replaceAll("\\D", ""));
      Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(node);
      subject.scheduleOnce(WARMUP, i -> due);
      subject.start();
      recorder.awaitAll(Duration.ofMinutes(2));
    } finally {
      subject.close();
    }
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
