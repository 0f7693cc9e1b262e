package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.internal.lock.ClaimRecord.State;
import io.pipelinescheduler.spi.ClaimStorage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage of the {@code file} backend ({@link FileLockBackend}): one claim file per slot in a
 * lock directory, created, taken over and finished as described there. Thread-safe.
 */
final class FileClaimStorage implements ClaimStorage {
  private static final int MAX_ATTEMPTS = 8;

  private final Path directory;
  private final boolean hardLinks;
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();
  private final FileSweeper sweeper;

  private enum Outcome {
    WON,
    LOST,
    EXISTS,
    RETRY
  }

  private record Hold(Path path, String owner, FileChannel channel) {}

  /**
   * Opens the storage on {@code directory}, creating it (and its parents) if missing.
   *
   * @throws SchedulerException naming the directory when it cannot be created or written
   */
  FileClaimStorage(Path directory) {
    this.directory = LockDirectory.prepare(Objects.requireNonNull(directory, "directory"));
    this.hardLinks = LockDirectory.supportsHardLinks(this.directory);
    this.sweeper = new FileSweeper(this.directory);
  }

  /** The lock directory, resolved to its real path. */
  Path directory() {
    return directory;
  }

  @Override
  public boolean insertIfAbsentOrExpired(
      String key, String owner, Instant now, Instant tombstoneUntil) throws IOException {
    Path path = directory.resolve(ClaimFileNames.claimFile(key));
    ClaimRecord record = new ClaimRecord(key, owner, State.RUNNING, tombstoneUntil);
    // An interrupt would close a channel mid-write, and with it the OS lock: keep it for later.
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        Outcome outcome = JvmFileLocks.withPath(path, () -> claimOnce(path, record, now));
        if (outcome != Outcome.RETRY) {
          return outcome == Outcome.WON;
        }
      }
      return false; // the file kept changing: other claimants are busy with this slot
    } finally {
      sweeper.step(now);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void finish(String key, String owner, Instant tombstoneUntil) throws IOException {
    Hold hold = holds.get(key);
    if (hold == null || !hold.owner().equals(owner)) {
      return;
    }
    boolean interrupted = Thread.interrupted();
    try {
      JvmFileLocks.withPath(
          hold.path(),
          () -> {
            if (!holds.remove(key, hold)) {
              return null;
            }
            try {
              ClaimFile.write(
                  hold.channel(), new ClaimRecord(key, owner, State.FINISHED, tombstoneUntil));
            } finally {
              ClaimFile.closeQuietly(hold.channel());
              JvmFileLocks.markReleased(hold.path());
            }
            return null;
          });
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("directory", directory.toString());
  }

  /** Lets go of every held file; their content stays RUNNING, as if this process had died. */
  @Override
  public void close() {
    for (Map.Entry<String, Hold> entry : holds.entrySet()) {
      Hold hold = entry.getValue();
      try {
        JvmFileLocks.withPath(
            hold.path(),
            () -> {
              if (holds.remove(entry.getKey(), hold)) {
                ClaimFile.closeQuietly(hold.channel());
                JvmFileLocks.markReleased(hold.path());
              }
              return null;
            });
      } catch (IOException e) {
        throw new IllegalStateException("closing a channel does not throw here", e);
      }
    }
  }

  /** Deletes every expired claim file and leftover temporary file by {@code now}; how many. */
  int sweepAll(Instant now) throws IOException {
    return sweeper.sweepAll(now);
  }

  private Outcome claimOnce(Path path, ClaimRecord record, Instant now) throws IOException {
    if (JvmFileLocks.isHeld(path)) {
      return Outcome.LOST;
    }
    if (Files.notExists(path)) {
      Outcome created = hardLinks ? createLinked(path, record) : createDirect(path, record);
      if (created != Outcome.EXISTS) {
        return created;
      }
    }
    return takeOver(path, record, now);
  }

  private Outcome createLinked(Path path, ClaimRecord record) throws IOException {
    Path temp = directory.resolve(ClaimFileNames.tempFile());
    FileChannel channel =
        FileChannel.open(
            temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    boolean won = false;
    try {
      FileLock lock = channel.lock();
      ClaimFile.write(channel, record);
      try {
        Files.createLink(path, temp); // atomic; fails when the claim file exists
      } catch (FileAlreadyExistsException e) {
        return Outcome.EXISTS;
      } catch (NoSuchFileException e) {
        return Outcome.RETRY; // another process swept our temporary file away
      }
      hold(path, record, channel, lock);
      won = true;
      return Outcome.WON;
    } finally {
      if (!won) {
        ClaimFile.closeQuietly(channel);
      }
      LockDirectory.deleteQuietly(temp);
    }
  }

  private Outcome createDirect(Path path, ClaimRecord record) throws IOException {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      return Outcome.EXISTS;
    }
    try {
      // Until written, readers see no valid content and treat the file as freshly claimed.
      FileLock lock = channel.lock();
      ClaimFile.write(channel, record);
      hold(path, record, channel, lock);
      return Outcome.WON;
    } catch (IOException | RuntimeException e) {
      ClaimFile.closeQuietly(channel);
      throw e;
    }
  }

  private Outcome takeOver(Path path, ClaimRecord record, Instant now) throws IOException {
    ClaimFile existing = ClaimFile.lock(path);
    switch (existing.status()) {
      case HELD:
        return Outcome.LOST;
      case CHANGED:
        return Outcome.RETRY;
      default:
        break;
    }
    boolean won = false;
    try {
      if (existing.expiry().isAfter(now)) {
        return Outcome.LOST; // a tombstone, or a running claim whose holder died
      }
      ClaimFile.write(existing.channel(), record);
      hold(path, record, existing.channel(), existing.fileLock());
      won = true;
      return Outcome.WON;
    } finally {
      if (!won) {
        existing.close();
      }
    }
  }

  private void hold(Path path, ClaimRecord record, FileChannel channel, FileLock lock) {
    Objects.requireNonNull(lock, "lock");
    holds.put(record.key(), new Hold(path, record.owner(), channel));
    JvmFileLocks.markHeld(path);
  }
}
