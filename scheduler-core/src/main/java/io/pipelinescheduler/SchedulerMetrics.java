package io.pipelinescheduler;

import java.time.Duration;

/**
 * Counts since this scheduler was created.
 *
 * @param totalRuns finished runs
 * @param succeeded runs that succeeded
 * @param failed runs that ended in any other way
 * @param successRate succeeded / totalRuns in [0,1]; 1 when nothing ran yet
 * @param running runs in flight now
 * @param averageDuration mean duration of finished runs; zero when nothing ran yet
 * @param schedules schedules registered now
 */
public record SchedulerMetrics(
    long totalRuns,
    long succeeded,
    long failed,
    double successRate,
    int running,
    Duration averageDuration,
    int schedules) {}
