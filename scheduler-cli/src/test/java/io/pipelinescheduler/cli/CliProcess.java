package io.pipelinescheduler.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar, {@code target/scheduler-cli.jar}, as a child process ({@code java -jar}),
 * with none of the {@code SCHEDULER_*} variables of the test's environment.
 */
final class CliProcess {
  static final Path JAR = Path.of("target", "scheduler-cli.jar");

  /** What a finished run of the jar printed and returned. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private CliProcess() {}

  /** Runs the jar with {@code args} and waits for it. */
  static Result run(String... args) {
    return run(Map.of(), null, args);
  }

  /** Runs the jar with these variables added, {@code stdin} piped in (null: none). */
  static Result run(Map<String, String> env, String stdin, String... args) {
    Process process = start(env, args);
    try {
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      // read both streams whole; the child ends, so these reads end
      var err = new java.util.concurrent.CompletableFuture<String>();
      Thread errReader =
          new Thread(
              () -> {
                try {
                  err.complete(
                      new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                  err.completeExceptionally(e);
                }
              });
      errReader.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("scheduler-cli " + String.join(" ", args) + " did not end");
      }
      return new Result(process.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the jar; the caller reads its output and waits for it. */
  static Process start(Map<String, String> env, String... args) {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run `mvn verify`");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // what docs/cli.md's wrapper passes: a short-lived JVM starts faster on C1 and the serial GC
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("SCHEDULER_"));
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A reader of the process's stdout, line by line. */
  static BufferedReader lines(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }
}
