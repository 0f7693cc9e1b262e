package io.pipelinescheduler.http.internal;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pipelinescheduler.PipelineScheduler;
import java.net.InetAddress;

/**
 * What the server was started with.
 *
 * @param scheduler the scheduler served
 * @param token the bearer token for POST and DELETE, or null for none
 * @param maxBodyBytes the largest request body accepted
 * @param prometheusRegistry the registry {@code /metrics} scrapes, or null to look in Micrometer's
 *     global registry
 * @param bindAddress the address listened on
 */
public record ApiSettings(
    PipelineScheduler scheduler,
    String token,
    int maxBodyBytes,
    PrometheusMeterRegistry prometheusRegistry,
    InetAddress bindAddress) {}
