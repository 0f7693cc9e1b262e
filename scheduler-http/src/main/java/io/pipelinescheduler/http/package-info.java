/**
 * A REST API and a web dashboard for a {@link io.pipelinescheduler.PipelineScheduler}: start one on
 * its own port with {@link io.pipelinescheduler.http.SchedulerHttpServer#start}, or serve them from
 * a web server that is already there with {@link io.pipelinescheduler.http.SchedulerHttpApi}.
 * Everything under {@code io.pipelinescheduler.http.internal} may change at any time.
 */
package io.pipelinescheduler.http;
