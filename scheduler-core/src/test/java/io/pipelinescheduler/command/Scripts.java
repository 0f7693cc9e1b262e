package io.pipelinescheduler.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Writes the shell and Python scripts the tests run as real processes. */
final class Scripts {
  private Scripts() {}

  /** Writes an executable POSIX sh script {@code name} into {@code dir}. */
  static Path sh(Path dir, String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    if (!script.toFile().setExecutable(true)) {
      throw new IOException("could not make " + script + " executable");
    }
    return script;
  }

  /** Writes a Python script {@code name} into {@code dir}. */
  static Path python(Path dir, String name, String body) throws IOException {
    Path script = dir.resolve(name);
    Files.writeString(script, body + "\n");
    return script;
  }

  /**
   * The absolute path of a working {@code python3} on the PATH: found by looking through the PATH
   * and then running it once (a shim on the PATH may be there without a Python behind it).
   */
  static Optional<String> python3() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "python3");
      if (Files.isExecutable(candidate) && runs(candidate)) {
        return Optional.of(candidate.toAbsolutePath().toString());
      }
    }
    return Optional.empty();
  }

  private static boolean runs(Path python) {
    try {
      Process process =
          new ProcessBuilder(python.toString(), "-c", "import sys; sys.exit(0)")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
