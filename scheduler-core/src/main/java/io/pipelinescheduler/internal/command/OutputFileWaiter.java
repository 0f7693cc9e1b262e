package io.pipelinescheduler.internal.command;

import io.pipelinescheduler.CommandJob.CommandFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Waits until files exist and are no longer being written: each file's size and modification time
 * must stay the same for a settle period. The whole wait is bounded.
 */
final class OutputFileWaiter {
  static final Duration MAX_SETTLE = Duration.ofSeconds(1);
  private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

  private final String program;
  private final BooleanSupplier cancelled;

  OutputFileWaiter(String program, BooleanSupplier cancelled) {
    this.program = program;
    this.cancelled = cancelled;
  }

  /** The settle period used for a given bound: 1 s, or half the bound when that is shorter. */
  static Duration settleFor(Duration wait) {
    Duration half = wait.dividedBy(2);
    return half.compareTo(MAX_SETTLE) < 0 ? half : MAX_SETTLE;
  }

  /**
   * Returns once every file is complete.
   *
   * @param files absolute paths
   * @throws CommandFailedException naming the first file that is missing or still changing when
   *     {@code wait} is over
   * @throws InterruptedException when cancelled or interrupted while waiting
   */
  void await(List<Path> files, Duration wait, int exitCode) throws InterruptedException {
    long settle = settleFor(wait).toNanos();
    long deadline = System.nanoTime() + wait.toNanos();
    Map<Path, Seen> seen = new HashMap<>();
    while (true) {
      long now = System.nanoTime();
      Path pending = null;
      for (Path file : files) {
        Snapshot current = snapshot(file);
        Seen last = seen.get(file);
        if (current == null) {
          seen.remove(file);
        } else if (last == null || !last.snapshot().equals(current)) {
          seen.put(file, new Seen(current, now));
          last = seen.get(file);
        }
        boolean complete = current != null && now - last.since() >= settle;
        if (!complete && pending == null) {
          pending = file;
        }
      }
      if (pending == null) {
        return;
      }
      if (now - deadline >= 0) {
        throw incomplete(pending, seen.get(pending), wait, exitCode);
      }
      if (cancelled.getAsBoolean()) {
        throw new InterruptedException(
            "command '" + program + "' cancelled while waiting for output file '" + pending + "'");
      }
      long sleep = Math.min(POLL_NANOS, deadline - now);
      Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
    }
  }

  private CommandFailedException incomplete(Path file, Seen seen, Duration wait, int exitCode) {
    String problem =
        seen == null
            ? "did not appear within " + Durations.format(wait)
            : "was still being written after "
                + Durations.format(wait)
                + " (size now "
                + seen.snapshot().size()
                + " bytes)";
    return new CommandFailedException(
        "command '" + program + "': output file '" + file + "' " + problem,
        program,
        exitCode,
        null);
  }

  private static Snapshot snapshot(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Snapshot(attributes.size(), attributes.lastModifiedTime());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      // Unreadable right now (e.g. locked on Windows while being written): not complete yet.
      return null;
    }
  }

  private record Snapshot(long size, FileTime modified) {}

  private record Seen(Snapshot snapshot, long since) {}
}
