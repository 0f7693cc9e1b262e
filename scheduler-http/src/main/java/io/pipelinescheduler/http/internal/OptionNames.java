package io.pipelinescheduler.http.internal;

/**
 * How error messages name the option that would change an answer: the {@code
 * SchedulerHttpServer.builder(..)} setters on the own port, the application's properties when the
 * API is mounted in another server (e.g. {@code pipeline.scheduler.http.max-body-bytes}).
 *
 * @param maxBodyBytes the option for the largest body
 * @param allowCommandJobs how to allow command jobs
 * @param allowedHosts the option for more host names
 * @param generatedToken where a generated token is found
 */
public record OptionNames(
    String maxBodyBytes, String allowCommandJobs, String allowedHosts, String generatedToken) {

  /** The own-port server's builder setters. */
  public static final OptionNames SERVER_BUILDER =
      new OptionNames(
          "SchedulerHttpServer.builder(..).maxBodyBytes",
          "start the server with SchedulerHttpServer.builder(..).allowCommandJobs(true)",
          "SchedulerHttpServer.builder(..).allowedHosts(..)",
          "SchedulerHttpServer.token() or the file named in its log");

  /** Properties under {@code prefix}, e.g. {@code pipeline.scheduler.http.}. */
  public static OptionNames properties(String prefix) {
    return new OptionNames(
        "property " + prefix + "max-body-bytes",
        "set the property " + prefix + "allow-command-jobs=true",
        "the property " + prefix + "allowed-hosts",
        "the file named in the application's log, or set the property " + prefix + "token");
  }
}
