package io.pipelinescheduler.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small helpers shared by the examples; not part of the library. */
final class Examples {
  private Examples() {}

  /**
   * A new empty directory under the system's temp directory, deleted with its contents when the JVM
   * exits, so every run of an example starts clean (a fresh database, a fresh lock directory).
   */
  static Path tempDirectory(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temp directory for " + prefix, e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort at exit: the directory is in the temp directory anyway
    }
  }
}
