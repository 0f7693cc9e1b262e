package io.pipelinescheduler.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a workload's child JVM and reads the {@code key=value} lines it prints. */
final class ChildJvm {
  /**
   * What a child printed.
   *
   * @param values its {@code key=value} lines, in order
   * @param errors its standard error when it failed (exit code not 0, or too slow), else null
   */
  record Output(Map<String, String> values, String errors) {
    boolean failed() {
      return errors != null;
    }
  }

  private ChildJvm() {}

  /** Runs {@code command}, its standard error into {@code errors}, killing it after the timeout. */
  static Output run(List<String> command, Path errors, Duration timeout) {
    try {
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return new Output(Map.of(), Files.readString(errors));
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : output.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
      return new Output(values, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The last 300 characters of a text. */
  static String tail(String text) {
    return text.length() <= 300 ? text : text.substring(text.length() - 300);
  }
}
