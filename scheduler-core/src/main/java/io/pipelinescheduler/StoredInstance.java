package io.pipelinescheduler;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A live scheduler instance as a shared {@link ScheduleStore} keeps it in its table of instances:
 * written at every heartbeat, read by the other instances to split the slots among those able to
 * run them (see docs/distributed.md).
 *
 * @param instanceId the instance's {@link SchedulerConfig#instanceId()}
 * @param startedAt when the instance started
 * @param heartbeatAt its latest heartbeat, on its own clock
 * @param jobTypes the job types registered on it, sorted
 * @param codeDigest a digest of the names of the schedules whose job is Java code registered on it:
 *     instances with the same digest registered the same such schedules
 */
public record StoredInstance(
    String instanceId,
    Instant startedAt,
    Instant heartbeatAt,
    List<String> jobTypes,
    String codeDigest) {

  /** Checks the fields and copies the job types. */
  public StoredInstance {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
    jobTypes = List.copyOf(Objects.requireNonNull(jobTypes, "jobTypes"));
    Objects.requireNonNull(codeDigest, "codeDigest");
  }
}
