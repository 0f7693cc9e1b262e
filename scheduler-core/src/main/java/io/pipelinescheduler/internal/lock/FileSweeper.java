package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.spi.StorageLockBackend;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired claim files and leftover temporary files of a lock directory, with bounded effort
 * per call: the directory is listed at most once per {@link #LISTING_INTERVAL}, and each {@link
 * #step} examines at most {@link #BUDGET} of the listed files. Thread-safe; a step that finds
 * another in progress does nothing.
 */
final class FileSweeper {
  static final Duration LISTING_INTERVAL = Duration.ofMinutes(1);
  static final int BUDGET = 4;

  private static final Logger log = LoggerFactory.getLogger(FileSweeper.class);

  private final Path directory;
  private final ReentrantLock busy = new ReentrantLock();
  private final Deque<Path> pending = new ArrayDeque<>(); // guarded by busy
  private Instant lastListing; // guarded by busy

  FileSweeper(Path directory) {
    this.directory = directory;
  }

  /** Examines a few files; never throws. */
  void step(Instant now) {
    if (!busy.tryLock()) {
      return;
    }
    try {
      if (pending.isEmpty()
          && (lastListing == null
              || Duration.between(lastListing, now).abs().compareTo(LISTING_INTERVAL) >= 0)) {
        list(now);
      }
      for (int i = 0; i < BUDGET && !pending.isEmpty(); i++) {
        sweep(pending.poll(), now);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Sweeping lock directory '{}' failed; trying again later", directory, e);
    } finally {
      busy.unlock();
    }
  }

  /** Examines every file now; returns how many were deleted. */
  int sweepAll(Instant now) throws IOException {
    busy.lock();
    try {
      pending.clear();
      list(now);
      int deleted = 0;
      while (!pending.isEmpty()) {
        deleted += sweep(pending.poll(), now) ? 1 : 0;
      }
      return deleted;
    } finally {
      busy.unlock();
    }
  }

  private void list(Instant now) throws IOException {
    lastListing = now;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (ClaimFileNames.isClaimFile(name)
            || (ClaimFileNames.isTempFile(name) && !ClaimFileNames.isOwnTempFile(name))) {
          pending.add(file);
        }
      }
    }
  }

  private boolean sweep(Path file, Instant now) throws IOException {
    if (ClaimFileNames.isTempFile(file.getFileName().toString())) {
      return sweepTemp(file, now);
    }
    return JvmFileLocks.withPath(
        file,
        () -> {
          if (JvmFileLocks.isHeld(file)) {
            return false;
          }
          ClaimFile claim = ClaimFile.lock(file);
          if (claim.status() != ClaimFile.Status.LOCKED) {
            return false;
          }
          try {
            if (claim.expiry().isAfter(now)) {
              return false;
            }
            Files.delete(file); // under the lock: no one can be taking it over
            return true;
          } finally {
            claim.close();
          }
        });
  }

  /**
   * Another process's temporary file, old enough that its creator died (or will find it gone and
   * try again). It is never opened: it may be a second name of a claim file this JVM holds.
   */
  private static boolean sweepTemp(Path file, Instant now) throws IOException {
    try {
      Instant modified = Files.getLastModifiedTime(file).toInstant();
      if (modified.plus(StorageLockBackend.MINIMUM_TOMBSTONE).isAfter(now)) {
        return false;
      }
      return Files.deleteIfExists(file);
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
