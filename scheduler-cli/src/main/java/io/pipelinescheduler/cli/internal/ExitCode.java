package io.pipelinescheduler.cli.internal;

/** The exit codes scripts can rely on; docs/cli.md lists them. */
public final class ExitCode {
  /** Done. */
  public static final int OK = 0;

  /** Refused or failed: an invalid definition, a conflict, a server error, anything else. */
  public static final int ERROR = 1;

  /** A wrong option, argument or answer: nothing was asked of the scheduler. */
  public static final int USAGE = 2;

  /** No such schedule or run. */
  public static final int NOT_FOUND = 3;

  /** The scheduler or the database could not be reached (refused, timed out, no such file). */
  public static final int UNREACHABLE = 4;

  /** The token is missing or wrong (HTTP 401 or 403). */
  public static final int UNAUTHORIZED = 5;

  /**
   * The run followed by {@code run --wait}, {@code run --follow} or {@code tail} did not succeed.
   */
  public static final int RUN_FAILED = 6;

  /** {@code health}: the scheduler reports DOWN. */
  public static final int DOWN = 7;

  private ExitCode() {}
}
