package io.pipelinescheduler.http.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import io.pipelinescheduler.http.SchedulerHttpApi.Access;
import java.net.InetAddress;

/**
 * What the API was started with.
 *
 * @param scheduler the scheduler served
 * @param token the bearer token: the configured one or a generated one; null when access is checked
 *     by the container
 * @param tokenGenerated true when the token was generated at start
 * @param maxBodyBytes the largest request body accepted
 * @param prometheusRegistry the registry {@code /metrics} scrapes, or null to look in Micrometer's
 *     global registry
 * @param bindAddress the address listened on; null when mounted in another server
 * @param allowCommandJobs whether schedules that run commands may be defined over HTTP
 * @param access who may call what
 * @param names how error messages name the options
 */
public record ApiSettings(
    PipelineScheduler scheduler,
    String token,
    boolean tokenGenerated,
    int maxBodyBytes,
    PrometheusMeterRegistry prometheusRegistry,
    InetAddress bindAddress,
    boolean allowCommandJobs,
    Access access,
    OptionNames names) {

  /** Settings of the own-port server: POST and DELETE need the token, options named as setters. */
  public ApiSettings(
      PipelineScheduler scheduler,
      String token,
      boolean tokenGenerated,
      int maxBodyBytes,
      PrometheusMeterRegistry prometheusRegistry,
      InetAddress bindAddress,
      boolean allowCommandJobs) {
    this(
        scheduler,
        token,
        tokenGenerated,
        maxBodyBytes,
        prometheusRegistry,
        bindAddress,
        allowCommandJobs,
        Access.TOKEN_FOR_CHANGES,
        OptionNames.SERVER_BUILDER);
  }
}
