package io.pipelinescheduler;

import io.pipelinescheduler.internal.command.CommandRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A built-in {@link Job} that runs an external program and captures what it prints.
 *
 * <pre>{@code
 * Job backup = CommandJob.of("/opt/bin/backup.sh", "--full")
 *     .workingDirectory(Path.of("/var/backups"))
 *     .environment(Map.of("TARGET", "s3://bucket"))
 *     .expectedExitCodes(0, 3)
 *     .outputFiles(Path.of("backup.tar.gz"))
 *     .outputWait(Duration.ofMinutes(2));
 * }</pre>
 *
 * <p><b>No shell is involved</b>: the program is started directly with its arguments, so there is
 * no globbing, quoting, piping or variable expansion. To run a shell command line or a script, name
 * the interpreter: {@code CommandJob.of("sh", "-c", "pg_dump db | gzip > db.gz")}, {@code
 * CommandJob.of("bash", "nightly.sh")}, {@code CommandJob.of("python3", "etl.py")}; on Windows
 * {@code CommandJob.of("cmd", "/c", "nightly.bat")}. The program is looked up on the {@code PATH}
 * of the scheduler's process. A relative program path such as {@code ./run.sh} is resolved by the
 * operating system; use an absolute path to be independent of it.
 *
 * <p><b>Immutable</b>: every setter returns a new {@code CommandJob} and leaves the receiver
 * unchanged, so one instance may be shared by schedules and threads. Each setter validates at once:
 * a {@code null} argument gets a {@link NullPointerException} naming the parameter, a bad value an
 * {@link IllegalArgumentException} naming the value.
 *
 * <p><b>Output</b>: stdout and stderr are read as they arrive and appended line by line, in the
 * order the lines arrive, to the run's output ({@link JobContext#appendOutput(String)}); lines from
 * stderr are prefixed with {@value #STDERR_PREFIX}. At most {@link #outputLimit()} bytes of the
 * program's output (stdout and stderr together, prefixes not counted) are kept; past the bound the
 * capture stops and {@code [output truncated after N bytes]} is appended, while the pipes are still
 * read to the end so the program never blocks on a full pipe. The program's stdin is empty (closed
 * at once).
 *
 * <p><b>Threading</b>: {@link #run(JobContext)} blocks the calling thread (the scheduler's worker)
 * until the program has exited and its output files are complete; two daemon threads per run read
 * stdout and stderr.
 *
 * <p><b>Children left running</b>: when the program exits on its own, processes it started in the
 * background are left alone (a script may start a writer of its output file on purpose; see {@link
 * #outputFiles(Path...)}). Their output is kept for at most 2 seconds after the program exits; they
 * should write to files rather than to the inherited stdout and stderr, which the JVM may close
 * once the program is gone.
 *
 * <p><b>Failure</b>: the run fails with a {@link CommandFailedException} when the program cannot be
 * started (the message names the program and the working directory), when it exits with a code not
 * in {@link #expectedExitCodes()} (the message names the program, the code, the expected codes and
 * ends with the tail of stderr), or when an {@linkplain #outputFiles(Path...) output file} is
 * missing or still being written at the end of {@link #outputWait()}.
 *
 * <p><b>Cancellation and timeouts</b>: while the program runs, the job checks {@link
 * JobContext#isCancelled()} and its thread's interrupt status every few tens of milliseconds. On
 * either, it kills the whole process tree (descendants first, then the program, forcibly) and
 * throws {@link InterruptedException}, which the scheduler records as cancelled or timed out.
 * Processes that detach themselves from the tree (daemons, {@code setsid}) are out of reach.
 */
public final class CommandJob implements Job {
  /** The default {@linkplain #outputLimit() output limit}: 64 KiB. */
  public static final int DEFAULT_OUTPUT_LIMIT = 64 * 1024;

  /** The default {@linkplain #outputWait() output wait}: 60 seconds. */
  public static final Duration DEFAULT_OUTPUT_WAIT = Duration.ofSeconds(60);

  /** The exit code expected when {@link #expectedExitCodes(int...)} is not called: 0. */
  public static final int DEFAULT_EXPECTED_EXIT_CODE = 0;

  /** The prefix put before each line the program writes to stderr in the captured output. */
  public static final String STDERR_PREFIX = "[stderr] ";

  private final String program;
  private final List<String> arguments;
  private final Path workingDirectory;
  private final Map<String, String> environment;
  private final Set<Integer> expectedExitCodes;
  private final List<Path> outputFiles;
  private final Duration outputWait;
  private final int outputLimit;

  private CommandJob(Settings s) {
    this.program = s.program;
    this.arguments = s.arguments;
    this.workingDirectory = s.workingDirectory;
    this.environment = s.environment;
    this.expectedExitCodes = s.expectedExitCodes;
    this.outputFiles = s.outputFiles;
    this.outputWait = s.outputWait;
    this.outputLimit = s.outputLimit;
  }

  /**
   * A job that runs {@code program} with {@code args}, in the scheduler's working directory, with
   * the scheduler's environment, expecting exit code 0, keeping up to {@value
   * #DEFAULT_OUTPUT_LIMIT} bytes of output.
   *
   * @param program the program: a name looked up on the {@code PATH}, or a path
   * @param args the arguments, passed as they are (no shell)
   * @throws NullPointerException if {@code program}, {@code args} or one of the arguments is null
   * @throws IllegalArgumentException if {@code program} is blank
   */
  public static CommandJob of(String program, String... args) {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(args, "args");
    if (program.isBlank()) {
      throw new IllegalArgumentException("program must not be blank: '" + program + "'");
    }
    List<String> arguments = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      arguments.add(Objects.requireNonNull(args[i], "args[" + i + "]"));
    }
    Settings s = new Settings();
    s.program = program;
    s.arguments = Collections.unmodifiableList(arguments);
    return new CommandJob(s);
  }

  /**
   * A copy that runs in {@code directory}. Relative {@linkplain #outputFiles(Path...) output files}
   * are resolved against it. Whether the directory exists is checked when the job runs.
   *
   * @throws NullPointerException if {@code directory} is null
   */
  public CommandJob workingDirectory(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return copy(c -> c.workingDirectory = directory);
  }

  /**
   * A copy whose program sees these variables in addition to the environment it inherits from the
   * scheduler's process (a variable given here wins over an inherited one of the same name). Each
   * call replaces the variables of the previous call.
   *
   * @throws NullPointerException if {@code variables} or one of its names or values is null
   * @throws IllegalArgumentException if a name is empty or contains '=' or a NUL character
   */
  public CommandJob environment(Map<String, String> variables) {
    Objects.requireNonNull(variables, "variables");
    Map<String, String> vars = new LinkedHashMap<>();
    variables.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "environment variable name");
          Objects.requireNonNull(value, "value of environment variable '" + name + "'");
          if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable name: '" + name + "'");
          }
          vars.put(name, value);
        });
    return copy(c -> c.environment = Collections.unmodifiableMap(vars));
  }

  /**
   * A copy that treats these exit codes as success (default: {@value #DEFAULT_EXPECTED_EXIT_CODE}
   * only). Replaces the codes of a previous call.
   *
   * @throws NullPointerException if {@code codes} is null
   * @throws IllegalArgumentException if no code is given
   */
  public CommandJob expectedExitCodes(int... codes) {
    Objects.requireNonNull(codes, "codes");
    if (codes.length == 0) {
      throw new IllegalArgumentException(
          "expectedExitCodes needs at least one exit code; got none (the default is 0)");
    }
    Set<Integer> set = new TreeSet<>();
    Arrays.stream(codes).forEach(set::add);
    return copy(c -> c.expectedExitCodes = Collections.unmodifiableSet(set));
  }

  /**
   * A copy that, after the program exited with an expected code, waits for each of these files to
   * exist and to be complete: its size and modification time unchanged for a settle period of 1
   * second (or half of {@link #outputWait()}, when that is shorter). The whole wait is bounded by
   * {@link #outputWait()}; a file missing or still changing at the bound fails the run with a
   * message naming the file. Relative paths are resolved against the {@linkplain
   * #workingDirectory(Path) working directory} (or the scheduler's current directory). Replaces the
   * files of a previous call; no files (the default) means no wait.
   *
   * @throws NullPointerException if {@code files} or one of the files is null
   */
  public CommandJob outputFiles(Path... files) {
    Objects.requireNonNull(files, "files");
    List<Path> list = new ArrayList<>(files.length);
    for (int i = 0; i < files.length; i++) {
      list.add(Objects.requireNonNull(files[i], "files[" + i + "]"));
    }
    return copy(c -> c.outputFiles = Collections.unmodifiableList(list));
  }

  /**
   * A copy that waits at most {@code wait} for the {@linkplain #outputFiles(Path...) output files}
   * (default {@link #DEFAULT_OUTPUT_WAIT}). Zero means the files must be there and complete when
   * the program exits.
   *
   * @throws NullPointerException if {@code wait} is null
   * @throws IllegalArgumentException if {@code wait} is negative
   */
  public CommandJob outputWait(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("outputWait must not be negative: " + wait);
    }
    return copy(c -> c.outputWait = wait);
  }

  /**
   * A copy that keeps at most {@code bytes} bytes of the program's stdout and stderr together
   * (default {@value #DEFAULT_OUTPUT_LIMIT}); zero keeps none. The scheduler may bound the run's
   * output further.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public CommandJob outputLimit(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("outputLimit must not be negative: " + bytes);
    }
    return copy(c -> c.outputLimit = bytes);
  }

  /** The program to run, as given to {@link #of(String, String...)}. */
  public String program() {
    return program;
  }

  /** The arguments, unmodifiable, possibly empty. */
  public List<String> arguments() {
    return arguments;
  }

  /** The working directory; empty means the scheduler's current directory. */
  public Optional<Path> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /** The variables added to the inherited environment, unmodifiable, in the order given. */
  public Map<String, String> environment() {
    return environment;
  }

  /** The exit codes that count as success, unmodifiable, ascending, never empty. */
  public Set<Integer> expectedExitCodes() {
    return expectedExitCodes;
  }

  /** The files awaited after a successful exit, unmodifiable, as given (possibly relative). */
  public List<Path> outputFiles() {
    return outputFiles;
  }

  /** The bound on the wait for {@link #outputFiles()}. */
  public Duration outputWait() {
    return outputWait;
  }

  /** The most bytes of stdout and stderr kept in the run's output. */
  public int outputLimit() {
    return outputLimit;
  }

  /**
   * Runs the program on the calling thread and returns once it exited with an expected code and its
   * output files are complete.
   *
   * @throws CommandFailedException if the program cannot be started, exits with an unexpected code,
   *     or an output file is missing or incomplete
   * @throws InterruptedException if the run was cancelled or the thread interrupted; the process
   *     tree has been killed by then
   */
  @Override
  public void run(JobContext context) throws Exception {
    Objects.requireNonNull(context, "context");
    new CommandRun(this, context).execute();
  }

  private CommandJob copy(Consumer<Settings> change) {
    Settings s = new Settings();
    s.program = program;
    s.arguments = arguments;
    s.workingDirectory = workingDirectory;
    s.environment = environment;
    s.expectedExitCodes = expectedExitCodes;
    s.outputFiles = outputFiles;
    s.outputWait = outputWait;
    s.outputLimit = outputLimit;
    change.accept(s);
    return new CommandJob(s);
  }

  /** The mutable bag one copy is made from; every value in it is already validated. */
  private static final class Settings {
    private String program;
    private List<String> arguments;
    private Path workingDirectory;
    private Map<String, String> environment = Map.of();
    private Set<Integer> expectedExitCodes = Set.of(DEFAULT_EXPECTED_EXIT_CODE);
    private List<Path> outputFiles = List.of();
    private Duration outputWait = DEFAULT_OUTPUT_WAIT;
    private int outputLimit = DEFAULT_OUTPUT_LIMIT;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CommandJob)) {
      return false;
    }
    CommandJob other = (CommandJob) o;
    return outputLimit == other.outputLimit
        && program.equals(other.program)
        && arguments.equals(other.arguments)
        && Objects.equals(workingDirectory, other.workingDirectory)
        && environment.equals(other.environment)
        && expectedExitCodes.equals(other.expectedExitCodes)
        && outputFiles.equals(other.outputFiles)
        && outputWait.equals(other.outputWait);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        program,
        arguments,
        workingDirectory,
        environment,
        expectedExitCodes,
        outputFiles,
        outputWait,
        outputLimit);
  }

  @Override
  public String toString() {
    return "CommandJob[program="
        + program
        + ", arguments="
        + arguments
        + ", workingDirectory="
        + workingDirectory
        + ", environment="
        + environment.keySet()
        + ", expectedExitCodes="
        + expectedExitCodes
        + ", outputFiles="
        + outputFiles
        + ", outputWait="
        + outputWait
        + ", outputLimit="
        + outputLimit
        + "]";
  }

  /**
   * The run of a {@link CommandJob} failed: the program could not be started, exited with an
   * unexpected code, or did not produce its output files in time.
   */
  public static final class CommandFailedException extends SchedulerException {
    private static final long serialVersionUID = 1L;

    private final String program;
    private final Integer exitCode;

    /**
     * A failure of {@code program}.
     *
     * @param message the full message, naming the program and what went wrong
     * @param program the program as configured
     * @param exitCode its exit code, or null when it did not exit on its own
     * @param cause the underlying error, or null
     */
    public CommandFailedException(
        String message, String program, Integer exitCode, Throwable cause) {
      super(message, cause);
      this.program = Objects.requireNonNull(program, "program");
      this.exitCode = exitCode;
    }

    /** The program that failed, as configured. */
    public String program() {
      return program;
    }

    /** The program's exit code; empty when it could not be started. */
    public OptionalInt exitCode() {
      return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
  }
}
