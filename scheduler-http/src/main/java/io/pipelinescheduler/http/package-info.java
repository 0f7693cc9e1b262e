/**
 * A REST API and a web dashboard for a {@link io.pipelinescheduler.PipelineScheduler}: start one
 * with {@link io.pipelinescheduler.http.SchedulerHttpServer#start}. Everything under {@code
 * io.pipelinescheduler.http.internal} may change at any time.
 */
package io.pipelinescheduler.http;
