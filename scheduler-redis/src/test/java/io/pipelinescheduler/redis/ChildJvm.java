package io.pipelinescheduler.redis;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link SchedulerChild} in a separate JVM (this JVM's {@code java} and class path), with every
 * line it prints kept together with the wall time it arrived. Its standard error goes to a file.
 */
final class ChildJvm {
  /** How long no new line may arrive from a frozen JVM before all it printed counts as read. */
  private static final Duration QUIET = Duration.ofMillis(200);

  /** One line of standard output and when it arrived. */
  record Line(Instant received, String text) {}

  final String instanceId;
  final Path errors;
  private final Process process;
  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ChildJvm(String instanceId, Path errors, Process process) {
    this.instanceId = instanceId;
    this.errors = errors;
    this.process = process;
    reader = new Thread(this::read, "child-output-" + instanceId);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@link SchedulerChild} with these arguments and extra environment variables. */
  static ChildJvm start(
      Path logDir,
      Map<String, String> environment,
      String backend,
      String target,
      String instanceId,
      long seconds,
      long clockOffsetSeconds)
      throws IOException {
    return startMain(
        logDir,
        environment,
        instanceId,
        SchedulerChild.class,
        List.of(
            backend,
            target,
            instanceId,
            Long.toString(seconds),
            Long.toString(clockOffsetSeconds)));
  }

  /** Starts the main class with these arguments and extra environment variables. */
  static ChildJvm startMain(
      Path logDir,
      Map<String, String> environment,
      String instanceId,
      Class<?> main,
      List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(arguments);
    Files.createDirectories(logDir);
    Path errors = logDir.resolve(instanceId + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(errors.toFile()));
    builder.environment().remove(RedisLockBackendProvider.CONFIG_FILE_VARIABLE);
    builder.environment().putAll(environment);
    return new ChildJvm(instanceId, errors, builder.start());
  }

  /** Sends a line to the child's standard input. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Tells the child that every instance is ready: its time to run starts now. */
  void go() throws IOException {
    send("GO");
  }

  /** Every line so far. */
  List<Line> lines() {
    return List.copyOf(lines);
  }

  /** The first line so far that matches, if any. */
  Optional<Line> find(Predicate<String> matching) {
    return lines.stream().filter(l -> matching.test(l.text())).findFirst();
  }

  /** Kills the JVM with SIGKILL and waits for it to be gone and its output to be read. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(10));
  }

  /**
   * Freezes the JVM with SIGSTOP. Returns once every thread of it has stopped (where {@code /proc}
   * shows it) and no line has arrived for {@link #QUIET}: the lines read so far are all it printed
   * before it stopped. {@link #resume()} lets it go on; {@link #kill()} works on it frozen too.
   */
  void freeze() throws IOException, InterruptedException {
    signal("STOP");
    await("all threads of " + instanceId + " stopped")
        .atMost(Duration.ofSeconds(10))
        .until(this::stopped);
    AtomicInteger seen = new AtomicInteger(-1);
    await("no more output from the frozen " + instanceId)
        .during(QUIET)
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              int now = lines.size();
              return seen.getAndSet(now) == now;
            });
  }

  /** Lets a JVM frozen by {@link #freeze()} go on (SIGCONT). */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  /**
   * Waits for the JVM to exit by itself and for the rest of its output to be read; its exit code,
   * or -1 if it did not exit in time.
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Kills it if still running; for clean-up after a failed test. */
  void destroy() {
    process.destroyForcibly();
  }

  /** The end of its standard error, for failure messages. */
  String errorTail() {
    try {
      String text = Files.readString(errors);
      return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    } catch (IOException e) {
      return "(no standard error: " + e + ")";
    }
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + instanceId + " failed: " + output);
    }
  }

  /** Whether every thread shows the stopped state; true where there is no {@code /proc}. */
  private boolean stopped() throws IOException {
    if (!Files.isDirectory(Path.of("/proc", "self"))) {
      return true;
    }
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
      return tasks.allMatch(ChildJvm::taskStopped);
    }
  }

  private static boolean taskStopped(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'T' || state == 't';
    } catch (NoSuchFileException e) {
      return true; // the thread has ended
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(new Line(Instant.now(), line));
      }
    } catch (IOException e) {
      // the process was killed
    }
  }
}
