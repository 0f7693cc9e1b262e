package io.pipelinescheduler.examples;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs an example's {@code main} in a separate JVM with the test class path, as a user would run
 * it, with {@code java.io.tmpdir} pointing into the test's own directory.
 */
final class ExampleProcess {
  /** The bound on one example's run: they take seconds, but the build machine may be busy. */
  static final Duration LIMIT = Duration.ofSeconds(90);

  private ExampleProcess() {}

  /** How an example's process ended. */
  record Result(int exitCode, String output, Path tempDirectory) {
    /** What is left in the temp directory after the example exited. */
    List<String> leftInTempDirectory() throws IOException {
      try (Stream<Path> entries = Files.list(tempDirectory)) {
        return entries.map(path -> path.getFileName().toString()).sorted().toList();
      }
    }
  }

  static Result run(Path workDir, Class<?> example, String... args) throws Exception {
    return run(workDir, example, environment -> {}, args);
  }

  /**
   * Runs {@code example} with {@code args} in {@code workDir}, stdout and stderr together; fails
   * the test when it does not exit within {@link #LIMIT}.
   */
  static Result run(
      Path workDir, Class<?> example, Consumer<Map<String, String>> environment, String... args)
      throws Exception {
    Running running = start(workDir, example, environment, args);
    running
        .process()
        .getOutputStream()
        .close(); // nothing to read: an example waiting for input ends
    return running.awaitExit();
  }

  /** Starts {@code example} and returns at once, for a test that talks to it while it runs. */
  static Running start(
      Path workDir, Class<?> example, Consumer<Map<String, String>> environment, String... args)
      throws IOException {
    Path tmp = Files.createDirectories(workDir.resolve("tmp"));
    Path outputFile = workDir.resolve("output.txt");
    List<String> command =
        Stream.concat(
                Stream.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + tmp,
                    "-cp",
                    System.getProperty("java.class.path"),
                    example.getName()),
                Stream.of(args))
            .toList();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(outputFile.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SCHEDULER_"));
    environment.accept(builder.environment());
    return new Running(example, builder.start(), outputFile, tmp);
  }

  /** An example's process while it runs; its output goes to a file. */
  record Running(Class<?> example, Process process, Path outputFile, Path tempDirectory) {
    /** What it printed so far. */
    String output() throws IOException {
      return Files.readString(outputFile);
    }

    /** Closes its standard input (as Enter would) and waits for it to exit. */
    Result stop() throws Exception {
      process.getOutputStream().close();
      return awaitExit();
    }

    /** Waits for it to exit; fails the test when it does not within {@link #LIMIT}. */
    Result awaitExit() throws Exception {
      if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        fail("%s did not exit within %s; output:%n%s", example, LIMIT, output());
      }
      return new Result(process.exitValue(), output(), tempDirectory);
    }
  }
}
