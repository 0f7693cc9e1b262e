package io.pipelinescheduler.internal.command;

import io.pipelinescheduler.CommandJob;
import io.pipelinescheduler.CommandJob.CommandFailedException;
import io.pipelinescheduler.JobContext;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of a {@link CommandJob}: start, capture, wait, check, and kill on cancellation. */
public final class CommandRun {
  private static final Logger log = LoggerFactory.getLogger(CommandRun.class);

  /** How often the wait for the process looks at the cancellation flag. */
  static final long POLL_MILLIS = 50;

  /** How long to wait for the rest of the output once the process has exited. */
  static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

  /** How long to wait for a killed process tree to end. */
  static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final CommandJob job;
  private final JobContext context;
  private final String program;

  /** A run of {@code job} in {@code context}; nothing starts before {@link #execute()}. */
  public CommandRun(CommandJob job, JobContext context) {
    this.job = job;
    this.context = context;
    this.program = job.program();
  }

  /**
   * Runs the program to its end on the calling thread.
   *
   * @throws CommandFailedException when it cannot start, exits unexpectedly or its output files do
   *     not come
   * @throws InterruptedException when cancelled or interrupted; the process tree is dead by then
   */
  public void execute() throws InterruptedException {
    throwIfCancelled("before it started");
    Path directory = job.workingDirectory().map(Path::toAbsolutePath).orElse(null);
    Process process = start(directory);
    Charset charset = outputCharset();
    OutputCapture capture = new OutputCapture(context, job.outputLimit(), charset);
    String threadPrefix = "command-" + process.pid() + "-";
    Thread out = null;
    Thread err = null;
    int exitCode;
    boolean exited = false;
    try {
      out =
          StreamPump.start(
              process.getInputStream(),
              OutputCapture.Source.STDOUT,
              capture,
              charset,
              threadPrefix + "stdout");
      err =
          StreamPump.start(
              process.getErrorStream(),
              OutputCapture.Source.STDERR,
              capture,
              charset,
              threadPrefix + "stderr");
      exitCode = awaitExit(process);
      exited = true;
    } finally {
      if (!exited) {
        ProcessTree.destroy(process, KILL_WAIT);
        join(out, err, DRAIN_GRACE);
        capture.close();
      }
    }
    join(out, err, DRAIN_GRACE);
    capture.close();
    log.debug("command '{}' (pid {}) exited with {}", program, process.pid(), exitCode);
    if (!job.expectedExitCodes().contains(exitCode)) {
      throw unexpectedExit(exitCode, capture.stderrTail());
    }
    if (!job.outputFiles().isEmpty()) {
      new OutputFileWaiter(program, context::isCancelled)
          .await(resolve(job.outputFiles(), directory), job.outputWait(), exitCode);
    }
  }

  private Process start(Path directory) {
    if (directory != null && !Files.isDirectory(directory)) {
      throw new CommandFailedException(
          "command '"
              + program
              + "' could not be started: working directory '"
              + directory
              + "' does not exist or is not a directory",
          program,
          null,
          null);
    }
    List<String> command = new ArrayList<>();
    command.add(program);
    command.addAll(job.arguments());
    ProcessBuilder builder = new ProcessBuilder(command);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.environment().putAll(job.environment());
    log.debug("starting command {} in {}", command, describe(directory));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CommandFailedException(
          "command '"
              + program
              + "' could not be started in working directory "
              + describe(directory)
              + " (is it installed, on the PATH and executable?): "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          program,
          null,
          e);
    }
    try {
      // The program gets an empty stdin rather than one that never ends.
      process.getOutputStream().close();
    } catch (IOException e) {
      log.debug("could not close the stdin of command '{}': {}", program, e.toString());
    }
    return process;
  }

  private int awaitExit(Process process) throws InterruptedException {
    while (true) {
      throwIfCancelled("while it was running; its process tree was killed");
      try {
        if (process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return process.exitValue();
        }
      } catch (InterruptedException e) {
        throw interrupted("while it was running; its process tree was killed");
      }
    }
  }

  private void throwIfCancelled(String when) throws InterruptedException {
    if (context.isCancelled() || Thread.interrupted()) {
      throw interrupted(when);
    }
  }

  private InterruptedException interrupted(String when) {
    return new InterruptedException("command '" + program + "' cancelled " + when);
  }

  private CommandFailedException unexpectedExit(int exitCode, String stderrTail) {
    StringBuilder message =
        new StringBuilder("command '")
            .append(program)
            .append("' exited with ")
            .append(exitCode)
            .append("; expected ")
            .append(job.expectedExitCodes());
    if (!stderrTail.isEmpty()) {
      message.append("; stderr: ").append(stderrTail);
    }
    return new CommandFailedException(message.toString(), program, exitCode, null);
  }

  private static List<Path> resolve(List<Path> files, Path directory) {
    List<Path> resolved = new ArrayList<>(files.size());
    for (Path file : files) {
      Path path = file.isAbsolute() || directory == null ? file : directory.resolve(file);
      resolved.add(path.toAbsolutePath().normalize());
    }
    return resolved;
  }

  private static String describe(Path directory) {
    return directory != null
        ? "'" + directory + "'"
        : "'" + Path.of("").toAbsolutePath() + "' (the current directory)";
  }

  /**
   * Waits for both pumps (either may be null) up to {@code grace}; keeps, and does not throw on, an
   * interrupt.
   */
  private static void join(Thread out, Thread err, Duration grace) {
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      for (Thread pump : new Thread[] {out, err}) {
        if (pump == null) {
          continue;
        }
        long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        try {
          pump.join(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The charset of the process's output: the platform's native encoding, except that plain ASCII (a
   * POSIX locale, common in containers) is read as UTF-8, which it is a subset of.
   */
  static Charset outputCharset() {
    String name = System.getProperty("native.encoding");
    try {
      Charset nativeCharset = name == null ? Charset.defaultCharset() : Charset.forName(name);
      return nativeCharset.equals(StandardCharsets.US_ASCII)
          ? StandardCharsets.UTF_8
          : nativeCharset;
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }
}
