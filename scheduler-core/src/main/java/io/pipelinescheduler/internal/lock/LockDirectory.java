package io.pipelinescheduler.internal.lock;

import io.pipelinescheduler.SchedulerException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Creating and checking a lock directory. */
final class LockDirectory {
  private LockDirectory() {}

  /**
   * Creates the directory if missing and checks that files can be created in it.
   *
   * @return its real path, so that every spelling of one directory names the same files
   * @throws SchedulerException naming the directory when it cannot be created or written
   */
  static Path prepare(Path directory) {
    Path shown = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new SchedulerException(
          "lock directory '"
              + shown
              + "' cannot be created: '"
              + e.getFile()
              + "' exists and is not a directory",
          e);
    } catch (IOException | SecurityException e) {
      throw new SchedulerException("lock directory '" + shown + "' cannot be created: " + e, e);
    }
    Path probe = null;
    try {
      Path real = directory.toRealPath();
      probe = Files.createFile(real.resolve(ClaimFileNames.tempFile()));
      return real;
    } catch (IOException | SecurityException e) {
      throw new SchedulerException("lock directory '" + shown + "' is not writable: " + e, e);
    } finally {
      deleteQuietly(probe);
    }
  }

  /** True when hard links can be made in the directory (tried once). */
  static boolean supportsHardLinks(Path directory) {
    Path target = null;
    Path link = null;
    try {
      target =
          Files.write(
              directory.resolve(ClaimFileNames.tempFile()),
              new byte[0],
              StandardOpenOption.CREATE_NEW);
      link = Files.createLink(directory.resolve(ClaimFileNames.tempFile()), target);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    } finally {
      deleteQuietly(link);
      deleteQuietly(target);
    }
  }

  /** Deletes a file if there; a failure leaves it for the sweeper. */
  static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a leftover temporary file is swept later
    }
  }
}
