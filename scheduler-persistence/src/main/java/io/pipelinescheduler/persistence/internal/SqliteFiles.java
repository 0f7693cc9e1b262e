package io.pipelinescheduler.persistence.internal;

import io.pipelinescheduler.SchedulerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks made on a SQLite file before anything opens it, so that a wrong path fails with a message
 * naming it and a file that is not a database is never touched.
 */
final class SqliteFiles {
  private static final byte[] HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private SqliteFiles() {}

  /**
   * Checks that {@code file} can be opened as a SQLite database: its directory exists and is
   * writable, and the file is absent, empty or starts with the SQLite header.
   *
   * @throws SchedulerException naming the file or directory and what is wrong
   */
  static void check(Path file) {
    Path directory = file.getParent();
    String what = "SQLite database " + file + ": ";
    if (directory == null || !Files.exists(directory)) {
      throw new SchedulerException(
          what
              + "directory "
              + directory
              + " does not exist; create it, or set dbPath (SCHEDULER_DB_PATH) to a file in an"
              + " existing directory");
    }
    if (!Files.isDirectory(directory)) {
      throw new SchedulerException(what + directory + " is not a directory");
    }
    if (!Files.isWritable(directory)) {
      throw new SchedulerException(
          what
              + "directory "
              + directory
              + " is not writable (SQLite creates the database and its -wal and -shm files"
              + " there)");
    }
    if (Files.isDirectory(file)) {
      throw new SchedulerException(what + "the path is a directory, not a file");
    }
    if (!Files.exists(file)) {
      return;
    }
    if (!Files.isReadable(file) || !Files.isWritable(file)) {
      throw new SchedulerException(what + "the file is not readable and writable");
    }
    byte[] start = firstBytes(file);
    if (start.length > 0 && !Arrays.equals(start, HEADER)) {
      throw new SchedulerException(
          what
              + "the file is not a SQLite database (it does not start with the SQLite header), so"
              + " it was left untouched; set dbPath (SCHEDULER_DB_PATH) to a new file or to a"
              + " pipeline-scheduler database");
    }
  }

  private static byte[] firstBytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(HEADER.length);
    } catch (IOException e) {
      throw new SchedulerException("SQLite database " + file + ": cannot read the file: " + e, e);
    }
  }
}
