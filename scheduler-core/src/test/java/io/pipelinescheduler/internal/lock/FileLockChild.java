package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.SlotClaim;
import io.pipelinescheduler.SlotLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A separate JVM for {@link FileLockBackendProcessIT}. Modes:
 *
 * <ul>
 *   <li>{@code hold <dir> <schedule> <slotEpochMillis>}: claims the slot, prints {@code WON} or
 *       {@code LOST}, then waits (to be killed) until its standard input closes.
 *   <li>{@code race <dir> <keys> <threads>}: prints {@code READY}, waits for a line on standard
 *       input, claims keys {@code 0..keys-1} from several threads, prints {@code WON <key>} for
 *       each win and then {@code DONE}.
 * </ul>
 */
public final class FileLockChild {
  static final Instant RACE_SLOT = Instant.parse("2030-01-01T00:00:00Z");

  private FileLockChild() {}

  /** Runs one mode; see the class comment. */
  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String owner = "child-" + ProcessHandle.current().pid();
    try (FileLockBackend backend = new FileLockBackend(Path.of(args[1]), Clock.systemUTC())) {
      if (args[0].equals("hold")) {
        SlotClaim claim =
            new SlotClaim(
                args[2], Instant.ofEpochMilli(Long.parseLong(args[3])), 1, owner, Duration.ZERO);
        Optional<SlotLock> lock = backend.tryClaim(claim);
        System.out.println(lock.isPresent() ? "WON" : "LOST");
        System.out.flush();
        while (in.readLine() != null) {
          // hold the claim until killed
        }
      } else {
        race(backend, Integer.parseInt(args[2]), Integer.parseInt(args[3]), owner, in);
      }
    }
  }

  static SlotClaim raceClaim(int key, String owner) {
    return new SlotClaim("race-" + (key % 5), RACE_SLOT.plusSeconds(key), 1, owner, Duration.ZERO);
  }

  private static void race(
      FileLockBackend backend, int keys, int threads, String owner, BufferedReader in)
      throws Exception {
    System.out.println("READY");
    System.out.flush();
    in.readLine();
    Queue<Integer> won = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<Integer> order = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        order.add(k);
      }
      Collections.shuffle(order, new Random());
      Thread worker =
          new Thread(
              () -> {
                for (int k : order) {
                  if (backend.tryClaim(raceClaim(k, owner)).isPresent()) {
                    won.add(k);
                  }
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    for (int k : won) {
      System.out.println("WON " + k);
    }
    System.out.println("DONE");
    System.out.flush();
  }
}
