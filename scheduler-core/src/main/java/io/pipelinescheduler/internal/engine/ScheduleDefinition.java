package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.Job;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.internal.time.AfterTiming;
import io.pipelinescheduler.internal.time.Timing;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a schedule was defined with. Immutable; validated before it is built.
 *
 * @param name the unique name
 * @param timing when it fires (already bounded by start and end)
 * @param policy retries, timeout, overlap, misfire
 * @param dependsOn schedules whose latest runs must have succeeded
 * @param description the user's description, or null to use the timing's
 * @param job what runs
 * @param jobSpec the job type and parameters when it was given as a job type, else null
 * @param data the whole definition as JSON-compatible values when it can be stored as data (a job
 *     type, a command job or a pipeline of command jobs), else null
 */
public record ScheduleDefinition(
    String name,
    Timing timing,
    RunPolicy policy,
    List<String> dependsOn,
    String description,
    Job job,
    JobSpec jobSpec,
    Map<String, Object> data) {

  /** Checks the required fields and copies the list. */
  public ScheduleDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(job, "job");
    dependsOn = List.copyOf(dependsOn);
  }

  /**
   * The schedules it runs after ({@code ScheduleBuilder.after}), in the order given; empty unless
   * its timing is {@link ScheduleType#AFTER}.
   */
  public List<String> after() {
    return timing.type() == ScheduleType.AFTER ? AfterTiming.upstreamOf(timing.spec()) : List.of();
  }

  /** Whether it waits for or runs after any schedule: {@link #upstream()} is not empty. */
  public boolean hasUpstream() {
    return !dependsOn.isEmpty() || !after().isEmpty();
  }

  /** Every schedule it waits for or runs after: {@link #after()}, then {@code dependsOn}. */
  public List<String> upstream() {
    List<String> all = new java.util.ArrayList<>(after());
    dependsOn.stream().filter(name -> !all.contains(name)).forEach(all::add);
    return all;
  }

  /** The description to show: the user's, else the timing's. */
  public String effectiveDescription() {
    return description != null ? description : timing.description();
  }

  /** As {@link #effectiveDescription()}, with the timing's description already worked out. */
  String effectiveDescription(TimingShown shown) {
    return description != null ? description : shown.description();
  }

  /** True when both define the same instants (type, spec and zone), whatever else changed. */
  public boolean sameTimingAs(ScheduleDefinition other) {
    return timing.type() == other.timing.type()
        && timing.spec().equals(other.timing.spec())
        && timing.zone().equals(other.timing.zone());
  }
}
