package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.spi.StorageLockBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * The {@code file} backend: several processes on one machine share a lock directory.
 *
 * <p>A claim creates the slot's file atomically, with its content (owner, state RUNNING,
 * tombstone-until) already written and an OS lock ({@link FileChannel#tryLock()}) already held: the
 * content goes into a temporary file which is then hard-linked to the claim file's name, which
 * fails if that name exists. Where hard links are not supported the file is created with {@code
 * CREATE_NEW} and locked at once. The OS lock is held while the run runs and dies with the process,
 * so a claim whose holder died is recognisable. Release rewrites the content as FINISHED with a new
 * tombstone-until and lets the lock go; the file stays as the tombstone.
 *
 * <p>An existing file is taken over only when this process gets its OS lock (no live holder), it is
 * still the file at that name after locking, and its tombstone has expired; the content is then
 * rewritten in place under the lock, so exactly one claimant wins. A file whose holder died while
 * running therefore blocks its slot until its tombstone expires. Expired files and leftover
 * temporary files are deleted lazily: each claim examines a few directory entries, and the
 * directory is listed at most once a minute.
 *
 * <p>Thread-safe; any number of instances, in this JVM or others, may share a directory. Files are
 * not forced to disk: processes on one machine see each other's writes through the page cache.
 */
public final class FileLockBackend extends StorageLockBackend {
  /** The name users select it by. */
  public static final String NAME = "file";

  private final Clock clock;
  private final FileClaimStorage files;

  /**
   * Opens a backend on {@code directory}, creating it (and its parents) if missing.
   *
   * @param directory the lock directory shared by the processes
   * @param clock wall time for tombstone expiry
   * @throws SchedulerException naming the directory when it cannot be created or written
   */
  public FileLockBackend(Path directory, Clock clock) {
    this(new FileClaimStorage(Objects.requireNonNull(directory, "directory")), clock);
  }

  private FileLockBackend(FileClaimStorage files, Clock clock) {
    super(NAME, clock, files);
    this.clock = clock;
    this.files = files;
  }

  /** The lock directory, resolved to its real path. */
  public Path directory() {
    return files.directory();
  }

  /** Deletes every expired claim file and leftover temporary file now; returns how many. */
  int sweepAll() throws IOException {
    return files.sweepAll(clock.instant());
  }
}
