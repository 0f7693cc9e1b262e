package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.spi.StorageLockBackend;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;

/**
 * An existing claim file opened and OS-locked by this process, so that its content can be read and
 * rewritten safely; plus the reading and writing of claim content. Content is only trusted while
 * its reader holds the OS lock: every writer holds it too.
 */
final class ClaimFile implements Closeable {
  /** What came of trying to lock an existing claim file. */
  enum Status {
    /** Locked by this call: read it, rewrite it or delete it, then close. */
    LOCKED,
    /** Another process (or other code in this JVM) holds its OS lock: a live claim. */
    HELD,
    /** Removed or replaced meanwhile: look again. */
    CHANGED
  }

  private static final int MAX_CONTENT = 64 * 1024;
  private static final ClaimFile HELD = new ClaimFile(Status.HELD, null, null, null);
  private static final ClaimFile CHANGED = new ClaimFile(Status.CHANGED, null, null, null);

  private final Status status;
  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private ClaimFile(Status status, Path path, FileChannel channel, FileLock lock) {
    this.status = status;
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens and tries to lock the claim file at {@code path}, without waiting. Call within {@link
   * JvmFileLocks#withPath} and only when {@link JvmFileLocks#isHeld} is false.
   */
  static ClaimFile lock(Path path) throws IOException {
    Object before = identity(path);
    if (before == null) {
      return CHANGED;
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      return CHANGED;
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      JvmFileLocks.park(path, channel);
      return HELD;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
    if (lock == null) {
      closeQuietly(channel);
      return HELD;
    }
    // The lock is on the file we opened; make sure that is still the file at this path, not one
    // a sweeper deleted meanwhile (and another claimant created anew).
    if (!before.equals(identity(path))) {
      closeQuietly(channel);
      return CHANGED;
    }
    return new ClaimFile(Status.LOCKED, path, channel, lock);
  }

  Status status() {
    return status;
  }

  FileChannel channel() {
    return channel;
  }

  FileLock fileLock() {
    return lock;
  }

  /**
   * Until when the claim blocks its slot: its recorded tombstone, or, for content that cannot be
   * read (a writer died mid-write), five minutes after the file was last modified.
   */
  Instant expiry() throws IOException {
    Optional<ClaimRecord> record = read(channel);
    if (record.isPresent()) {
      return record.get().tombstoneUntil();
    }
    return Files.getLastModifiedTime(path).toInstant().plus(StorageLockBackend.MINIMUM_TOMBSTONE);
  }

  /** Releases the OS lock and closes the channel. */
  @Override
  public void close() {
    closeQuietly(channel);
  }

  /** Reads the whole (small) content of a claim file. */
  static Optional<ClaimRecord> read(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > MAX_CONTENT) {
      return Optional.empty();
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
      // keep reading
    }
    return ClaimRecord.parse(buffer.array());
  }

  /** Replaces the content of a claim file in place, keeping the file (and its OS lock). */
  static void write(FileChannel channel, ClaimRecord record) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(record.toBytes());
    while (buffer.hasRemaining()) {
      channel.write(buffer, buffer.position());
    }
    channel.truncate(buffer.limit());
  }

  static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do: closing also released the lock
    }
  }

  /** The file's identity (device and inode where the platform has them); null when it is gone. */
  private static Object identity(Path path) throws IOException {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return key != null ? key : attributes.creationTime();
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
