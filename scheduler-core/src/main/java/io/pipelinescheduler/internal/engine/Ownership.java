package io.pipelinescheduler.internal.engine;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides, when a slot comes due, whether this instance claims it: not when its job type is not
 * registered here (never: an instance that has it runs it); at once when this instance owns the
 * schedule in the latest {@link ClusterView} (or has no view yet, or is alone); otherwise the slot
 * is deferred to its owner ({@link DeferredSlots}). Thread-safe: the view is replaced whole.
 */
final class Ownership {
  /** What to do with a due slot. */
  enum Decision {
    CLAIM,
    DEFER,
    NOT_HERE
  }

  private final String self;
  private final Supplier<Set<String>> jobTypes;
  private final boolean shared;
  private volatile ClusterView view;

  /**
   * @param shared whether the store may be shared with other instances; when not, this instance
   *     claims everything, and a run of a job type not registered here fails, saying so
   */
  Ownership(String self, Supplier<Set<String>> jobTypes, boolean shared) {
    this.self = self;
    this.jobTypes = jobTypes;
    this.shared = shared;
  }

  void setView(ClusterView latest) {
    this.view = latest;
  }

  /** The latest view, null before the first heartbeat. */
  ClusterView view() {
    return view;
  }

  /** True when this instance can run the schedule's job (a job type registered here, or code). */
  boolean canRun(ScheduleRuntime runtime) {
    JobSpec spec = runtime.definition().jobSpec();
    return !shared || spec == null || jobTypes.get().contains(spec.type());
  }

  Decision decide(ScheduleRuntime runtime) {
    if (!canRun(runtime)) {
      return Decision.NOT_HERE;
    }
    ClusterView current = view;
    return current == null || current.ownerOf(runtime).equals(self)
        ? Decision.CLAIM
        : Decision.DEFER;
  }

  /** The owner in the latest view ({@code self} before the first heartbeat). */
  String ownerOf(ScheduleRuntime runtime) {
    ClusterView current = view;
    return current == null ? self : current.ownerOf(runtime);
  }

  String self() {
    return self;
  }
}
