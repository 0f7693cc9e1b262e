package io.pipelinescheduler.cli;

import io.pipelinescheduler.SchedulerException;
import io.pipelinescheduler.cli.internal.CancelCommand;
import io.pipelinescheduler.cli.internal.CliException;
import io.pipelinescheduler.cli.internal.CompletionCommand;
import io.pipelinescheduler.cli.internal.DeleteCommand;
import io.pipelinescheduler.cli.internal.ExitCode;
import io.pipelinescheduler.cli.internal.ExportCommand;
import io.pipelinescheduler.cli.internal.HealthCommand;
import io.pipelinescheduler.cli.internal.HistoryCommand;
import io.pipelinescheduler.cli.internal.ImportCommand;
import io.pipelinescheduler.cli.internal.ListCommand;
import io.pipelinescheduler.cli.internal.NewCommand;
import io.pipelinescheduler.cli.internal.RunCommand;
import io.pipelinescheduler.cli.internal.ShowCommand;
import io.pipelinescheduler.cli.internal.SwitchCommand;
import io.pipelinescheduler.cli.internal.TailCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line of pipeline-scheduler ({@code java -jar scheduler-cli.jar}): schedules, runs and
 * their output through a scheduler's REST API or straight in its database. See docs/cli.md for the
 * commands, options, environment variables and exit codes.
 */
@Command(
    name = "scheduler-cli",
    mixinStandardHelpOptions = true,
    versionProvider = SchedulerCli.Version.class,
    description = {
      "Operate a pipeline-scheduler: list, show, run, tail and switch schedules, export and import"
          + " them, build workflows.",
      "Talks to a scheduler's REST API (--url, --token) or to its database (--db)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:refused or failed (invalid definition, conflict, server error)",
      "2:usage error",
      "3:no such schedule or run",
      "4:scheduler or database unreachable",
      "5:token missing or wrong (HTTP 401/403)",
      "6:the run followed did not succeed (run --wait/--follow, tail)",
      "7:health: the scheduler is DOWN"
    },
    subcommands = {
      ListCommand.class,
      ShowCommand.class,
      HistoryCommand.class,
      RunCommand.class,
      TailCommand.class,
      CancelCommand.class,
      SwitchCommand.Enable.class,
      SwitchCommand.Disable.class,
      DeleteCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      NewCommand.class,
      HealthCommand.class,
      CompletionCommand.class
    })
public final class SchedulerCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command line without exiting: the exit code (see docs/cli.md). Output goes to {@code
   * System.out}, errors to {@code System.err}.
   */
  public static int execute(String... args) {
    return new CommandLine(new SchedulerCli())
        .setExecutionExceptionHandler(SchedulerCli::failed)
        .execute(args);
  }

  /** With no command: the usage, exit 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  private static int failed(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof CliException cli) {
      commandLine.getErr().println("error: " + cli.getMessage());
      return cli.exitCode();
    }
    // the scheduler's own exceptions name the thing and the value; others need their type
    commandLine
        .getErr()
        .println("error: " + (e instanceof SchedulerException ? e.getMessage() : e));
    return ExitCode.ERROR;
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SchedulerCli.class.getPackage().getImplementationVersion();
      return new String[] {"scheduler-cli " + (version == null ? "(development)" : version)};
    }
  }
}
