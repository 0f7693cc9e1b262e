/**
 * The persistent schedule store: {@link io.pipelinescheduler.persistence.JpaScheduleStore} on
 * SQLite (default) or PostgreSQL, found by {@code PipelineScheduler} through {@link
 * io.pipelinescheduler.persistence.JpaScheduleStoreProvider}. Everything in {@code
 * io.pipelinescheduler.persistence.internal} may change at any time.
 */
package io.pipelinescheduler.persistence;
