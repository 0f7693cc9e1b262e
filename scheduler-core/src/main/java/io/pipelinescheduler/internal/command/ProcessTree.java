package io.pipelinescheduler.internal.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kills a process and every process it started, children first. */
public final class ProcessTree {
  private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);

  /** How many times to look for new children while the parent is still alive. */
  private static final int ROUNDS = 5;

  private static final long POLL_MILLIS = 10;

  private ProcessTree() {}

  /**
   * Forcibly destroys the descendants of {@code process}, then {@code process} itself, and waits up
   * to {@code wait} for all of them to end. Looks for descendants again after each sweep, because a
   * parent that is still alive (a shell running a script) may start the next child the moment its
   * current one dies. Never throws; keeps the calling thread's interrupt status.
   *
   * @return true when every process was seen to end within {@code wait}
   */
  public static boolean destroy(Process process, Duration wait) {
    boolean interrupted = Thread.interrupted();
    try {
      Set<ProcessHandle> killed = new LinkedHashSet<>();
      for (int round = 0; round < ROUNDS && process.isAlive(); round++) {
        List<ProcessHandle> found =
            process.descendants().filter(h -> !killed.contains(h)).collect(Collectors.toList());
        if (found.isEmpty()) {
          break;
        }
        for (ProcessHandle child : found) {
          child.destroyForcibly();
          killed.add(child);
        }
      }
      process.destroyForcibly();
      return awaitEnd(process, killed, wait);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static boolean awaitEnd(Process process, Set<ProcessHandle> children, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<ProcessHandle> all = new ArrayList<>(children);
    all.add(process.toHandle());
    try {
      while (true) {
        all.removeIf(h -> !isRunning(h));
        if (all.isEmpty()) {
          return true;
        }
        if (System.nanoTime() - deadline >= 0) {
          log.warn(
              "processes {} of process tree {} did not end within {}", all, process.pid(), wait);
          return false;
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Whether {@code process} still runs. A zombie (dead, waiting for its parent to collect its exit
   * status) does not run: the orphans of a killed tree stay zombies until the system's init process
   * collects them, and in a container that may be never. {@link ProcessHandle#isAlive()} counts
   * zombies as alive, so on Linux the state in {@code /proc} is read as well.
   */
  public static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String text = Files.readString(stat);
      int afterName = text.lastIndexOf(')');
      char state =
          afterName >= 0 && afterName + 2 < text.length() ? text.charAt(afterName + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException e) {
      return !Files.isDirectory(Path.of("/proc", "self"));
    } catch (IOException | SecurityException e) {
      return true;
    }
  }
}
