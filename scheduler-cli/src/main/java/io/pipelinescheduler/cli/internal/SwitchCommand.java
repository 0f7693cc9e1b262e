package io.pipelinescheduler.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code enable NAME} and {@code disable NAME}. */
public abstract class SwitchCommand extends BackendCommand {
  @Parameters(paramLabel = "SCHEDULE", description = "The schedule's name.")
  String name;

  private final boolean enabled;

  SwitchCommand(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  int run(Backend backend) {
    JsonNode schedule = backend.setEnabled(name, enabled);
    report(schedule, (enabled ? "enabled " : "disabled ") + name);
    return ExitCode.OK;
  }

  /** {@code enable NAME}. */
  @Command(
      name = "enable",
      description = "Switch a schedule on; it goes on from its next slot.",
      mixinStandardHelpOptions = true)
  public static final class Enable extends SwitchCommand {
    public Enable() {
      super(true);
    }
  }

  /** {@code disable NAME}. */
  @Command(
      name = "disable",
      description = "Switch a schedule off; running runs finish.",
      mixinStandardHelpOptions = true)
  public static final class Disable extends SwitchCommand {
    public Disable() {
      super(false);
    }
  }
}
