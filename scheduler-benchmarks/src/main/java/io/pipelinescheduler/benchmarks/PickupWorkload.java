package io.pipelinescheduler.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Pickup latency: one instance that has not registered the job type creates one-shots due at once,
 * one every pause; another instance, with the type, runs them. Latency = start on the runner − the
 * instant just before the creation call on the creator (two JVMs on this machine, one clock). The
 * first ones created are a warm-up and not counted.
 */
final class PickupWorkload {
  /** Our store and lock backend pairs, in the order the report lists them. */
  static final List<Contender> CONTENDERS =
      List.of(
          Contender.OURS_CREATOR_DB, Contender.OURS_CREATOR_REDIS, Contender.OURS_SQLITE_SHARED);

  private final Bench bench;
  private final Sizes sizes;
  private final Set<Contender> only;

  /**
   * @param only the contenders to run (null: all)
   */
  PickupWorkload(Bench bench, Set<Contender> only) {
    this.bench = bench;
    this.sizes = bench.sizes;
    this.only = only;
  }

  /** The label of a pair in the pickup section: the store and the claims, no model. */
  static String label(Contender contender) {
    return contender.label.replace(", one creator)", ")");
  }

  void run(String workload) {
    for (int run = 1; run <= sizes.runs(); run++) {
      for (Contender contender : CONTENDERS) {
        if (only != null && !only.contains(contender)) {
          continue;
        }
        try {
          runOnce(workload, contender);
        } catch (RuntimeException e) {
          bench.results.note(workload, label(contender) + " failed: " + e.getMessage());
          Bench.log("%s %s failed: %s", workload, label(contender), e);
        }
      }
    }
  }

  private void runOnce(String workload, Contender contender) {
    String label = label(contender);
    int warm = sizes.pickupWarmup();
    int count = warm + sizes.pickupRuns();
    AtomicLongArray created = new AtomicLongArray(count);
    OnceRecorder recorder = new OnceRecorder(count);
    CountDownLatch ready = new CountDownLatch(2);
    CountDownLatch done = new CountDownLatch(2);
    List<Process> processes = new ArrayList<>();
    try (Bench.Env env = bench.env(contender)) {
      Process runner = start(env, contender, "node-2", "runner", count);
      processes.add(runner);
      read(runner, recorder, created, ready, done);
      Process creator = start(env, contender, "node-1", "creator", count);
      processes.add(creator);
      read(creator, recorder, created, ready, done);
      long readyBy = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!ready.await(1, TimeUnit.SECONDS)) {
        if (processes.stream().anyMatch(p -> !p.isAlive()) || System.nanoTime() > readyBy) {
          throw new IllegalStateException(
              label + ": an instance did not start; see " + bench.scratch + "/pickup-*.err");
        }
      }
      ClusterWorkload.send(creator, "GO");
      Duration timeout =
          Duration.ofMillis((long) count * sizes.pickupIntervalMillis()).plusSeconds(60);
      boolean complete = recorder.awaitAll(timeout);
      ClusterWorkload.sendAll(processes, "STOP");
      if (!done.await(1, TimeUnit.MINUTES)) {
        bench.results.note(workload, label + ": an instance did not stop in time");
      }
      long[] latencies = new long[sizes.pickupRuns()];
      int k = 0;
      for (int i = warm; i < count; i++) {
        long start = recorder.startMicros(i);
        if (start > 0 && created.get(i) > 0) {
          latencies[k++] = start - created.get(i);
        }
      }
      long[] sorted = Stats.sorted(Arrays.copyOf(latencies, k));
      bench.results.latencies(workload, label, sorted);
      bench.results.add(workload, label, "missing", count - recorder.distinct());
      bench.results.add(workload, label, "duplicates", recorder.duplicates());
      Bench.log(
          "%s %s: %s (%d of %d ran; %d duplicates)",
          workload,
          label,
          Stats.latencies(sorted),
          recorder.distinct(),
          count,
          recorder.duplicates());
      if (!complete) {
        bench.results.note(workload, label + ": not every one-shot ran within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      ClusterWorkload.stopAll(processes);
    }
  }

  private Process start(
      Bench.Env env, Contender contender, String instanceId, String role, int count) {
    List<String> args =
        List.of(
            contender.name(),
            env.storeUrl(),
            env.lockTarget(),
            instanceId,
            role,
            Integer.toString(sizes.threads()),
            Integer.toString(count),
            Integer.toString(sizes.pickupIntervalMillis()));
    return ClusterWorkload.startJvm(
        bench, PickupNode.class, args, "pickup-" + ClusterWorkload.errors(contender, instanceId));
  }

  /** Reads an instance's lines on a thread of its own. */
  private static void read(
      Process process,
      OnceRecorder recorder,
      AtomicLongArray created,
      CountDownLatch ready,
      CountDownLatch done) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  String[] parts = line.split(" ");
                  switch (parts[0]) {
                    case "R" ->
                        recorder.ranAt(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                    case "C" -> created.set(Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
                    case "READY" -> ready.countDown();
                    case "DONE" -> done.countDown();
                    default -> {
                      // CREATED and anything else: nothing to do
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "pickup-reader");
    reader.setDaemon(true);
    reader.start();
  }
}
