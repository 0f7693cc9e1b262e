package io.pipelinescheduler.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/** What the instances of a W4 cluster have signalled so far, read from their standard output. */
final class ClusterSignals {
  final CountDownLatch warmReady;
  final CountDownLatch ready;
  final CountDownLatch done;

  /** Measured runs each instance reported, duplicates included. */
  final AtomicIntegerArray runsByNode;

  /** The CPU time of every instance from GO to STOP, summed. */
  final AtomicLong cpuNanos = new AtomicLong();

  /** The CPU time of every instance's JIT compiler threads from GO to STOP, summed, in ns. */
  final AtomicLong jitNanos = new AtomicLong();

  /** As {@link #cpuNanos} and {@link #jitNanos} from the due instant (every instance registers). */
  final AtomicLong cpuFromDueNanos = new AtomicLong();

  final AtomicLong jitFromDueNanos = new AtomicLong();

  /** A one-creator's creation: start, end and due instant of the one-shots, in epoch µs. */
  volatile long[] created = new long[3];

  ClusterSignals(int nodes) {
    warmReady = new CountDownLatch(nodes);
    ready = new CountDownLatch(nodes);
    done = new CountDownLatch(nodes);
    runsByNode = new AtomicIntegerArray(nodes);
  }

  /** The percentage of the measured runs each instance ran. */
  double[] sharesPercent() {
    double[] shares = new double[runsByNode.length()];
    long total = 0;
    for (int i = 0; i < shares.length; i++) {
      total += runsByNode.get(i);
    }
    for (int i = 0; i < shares.length; i++) {
      shares[i] = total == 0 ? Double.NaN : 100.0 * runsByNode.get(i) / total;
    }
    return shares;
  }

  /**
   * Reads an instance's standard output to its end: its runs into the recorders, its lines of
   * protocol into these signals (see {@link ClusterNode}).
   */
  void read(Process process, int node, OnceRecorder recorder, OnceRecorder warmRecorder) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("R ")) {
          int space = line.indexOf(' ', 2);
          recorder.ranAt(
              Integer.parseInt(line.substring(2, space)),
              Long.parseLong(line.substring(space + 1)));
          runsByNode.incrementAndGet(node);
        } else if (line.startsWith("CPU-DUE ")) {
          String[] parts = line.split(" ");
          cpuFromDueNanos.addAndGet(Long.parseLong(parts[1]));
          jitFromDueNanos.addAndGet(Long.parseLong(parts[2]));
        } else if (line.startsWith("JIT ")) {
          jitNanos.addAndGet(Long.parseLong(line.substring(4)));
        } else if (line.startsWith("CPU ")) {
          cpuNanos.addAndGet(Long.parseLong(line.substring(4)));
        } else if (line.startsWith("CREATED ")) {
          String[] parts = line.split(" ");
          created =
              new long[] {
                Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3])
              };
        } else if (line.startsWith("W ")) {
          warmRecorder.ranAt(
              Integer.parseInt(line.substring(2, line.indexOf(' ', 2))), Micros.now());
        } else if (line.equals("WARM-READY")) {
          warmReady.countDown();
        } else if (line.equals("READY")) {
          ready.countDown();
        } else if (line.equals("DONE")) {
          done.countDown();
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
