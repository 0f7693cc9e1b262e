package io.pipelinescheduler.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * One instance of the pickup workload, in its own JVM. Arguments: contender, store URL, lock target
 * (see {@link OursSubject#cluster}), instance id, role ({@code creator} or {@code runner}),
 * threads, one-shots to create and the pause between two creations in ms.
 *
 * <p>The runner registers the job type and prints {@code R <i> <epoch µs>} when one-shot {@code i}
 * starts. The creator has not registered the job type, so it never runs them: on the line {@code
 * GO} it creates one-shot {@code i} due at once every pause, printing {@code C <i> <epoch µs>} just
 * before each creation call, then {@code CREATED}. Both print {@code READY} once started, and on
 * {@code STOP} close and print {@code DONE}.
 */
public final class PickupNode {
  private PickupNode() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    Contender contender = Contender.valueOf(args[0]);
    String storeUrl = args[1];
    String lockTarget = args[2];
    String instanceId = args[3];
    boolean creator = args[4].equals("creator");
    int threads = Integer.parseInt(args[5]);
    int count = Integer.parseInt(args[6]);
    long pauseNanos = Long.parseLong(args[7]) * 1_000_000L;
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    OursSubject subject =
        OursSubject.cluster(
            contender,
            threads,
            storeUrl,
            lockTarget,
            instanceId,
            !creator,
            (id, slot) -> say(out, "R " + id + " " + Micros.now()));
    subject.start();
    say(out, "READY");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("GO") && creator) {
        long first = System.nanoTime();
        for (int i = 0; i < count; i++) {
          LockSupport.parkNanos(first + i * pauseNanos - System.nanoTime());
          say(out, "C " + i + " " + Micros.now());
          subject.createOneShot("p-" + i, Instant.now(), i);
        }
        say(out, "CREATED");
      } else if (line.equals("STOP")) {
        break;
      }
    }
    subject.close();
    say(out, "DONE");
    System.exit(0);
  }

  private static synchronized void say(PrintStream out, String line) {
    out.println(line);
  }
}
