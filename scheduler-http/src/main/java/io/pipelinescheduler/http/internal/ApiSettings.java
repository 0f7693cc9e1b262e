package io.pipelinescheduler.http.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import java.net.InetAddress;

/**
 * What the server was started with.
 *
 * @param scheduler the scheduler served
 * @param token the bearer token for POST and DELETE: the configured one or a generated one
 * @param tokenGenerated true when the token was generated at start
 * @param maxBodyBytes the largest request body accepted
 * @param prometheusRegistry the registry {@code /metrics} scrapes, or null to look in Micrometer's
 *     global registry
 * @param bindAddress the address listened on
 * @param allowCommandJobs whether schedules that run commands may be defined over HTTP
 */
public record ApiSettings(
    PipelineScheduler scheduler,
    String token,
    boolean tokenGenerated,
    int maxBodyBytes,
    PrometheusMeterRegistry prometheusRegistry,
    InetAddress bindAddress,
    boolean allowCommandJobs) {}
