package io.pipelinescheduler.internal.engine;

import io.pipelinescheduler.InvalidScheduleException;
import io.pipelinescheduler.ScheduleStore;
import io.pipelinescheduler.ScheduleType;
import io.pipelinescheduler.StoredSchedule;
import io.pipelinescheduler.internal.time.AfterTiming;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the upstream names of definitions about to be registered ({@code after} and {@code
 * dependsOn}): each must name a schedule registered here, stored (registered by another instance,
 * an earlier start or an import) or defined in the same batch, and together they must not make a
 * cycle. Reads the store; writes nothing. Called with the registry's lock held.
 */
final class UpstreamCheck {
  private final ScheduleStore store;

  UpstreamCheck(ScheduleStore store) {
    this.store = store;
  }

  /**
   * @param registered the upstream names of each schedule registered here, by name
   * @param batch the definitions registered together, replacing any registered of the same name
   * @throws InvalidScheduleException naming the schedule and the unknown name, or the cycle
   */
  void check(Map<String, List<String>> registered, Collection<ScheduleDefinition> batch) {
    if (batch.stream().noneMatch(ScheduleDefinition::hasUpstream)) {
      return; // nothing can point back at a schedule that names no upstream
    }
    Map<String, List<String>> graph = new HashMap<>();
    for (StoredSchedule row : store.findSchedules()) {
      graph.put(row.name(), storedUpstream(row));
    }
    graph.putAll(registered);
    batch.forEach(definition -> graph.put(definition.name(), definition.upstream()));
    for (ScheduleDefinition definition : batch) {
      for (String upstream : definition.upstream()) {
        if (!graph.containsKey(upstream)) {
          throw new InvalidScheduleException(
              definition.name(),
              "upstream schedule '"
                  + upstream
                  + "' (in "
                  + (definition.after().contains(upstream) ? "after" : "dependsOn")
                  + ") does not exist: it is neither registered nor stored; register it first, or"
                  + " both in one scheduleAll or import");
        }
      }
    }
    for (ScheduleDefinition definition : batch) {
      List<String> cycle = cycleThrough(definition.name(), graph);
      if (cycle != null) {
        throw new InvalidScheduleException(
            definition.name(),
            "after and dependsOn make a cycle: "
                + String.join(" -> ", cycle)
                + " (each runs after the one before it)");
      }
    }
  }

  /** What a stored row says it waits for: its definition's, else an AFTER row's spec. */
  private static List<String> storedUpstream(StoredSchedule row) {
    List<String> names = new ArrayList<>();
    if (row.type() == ScheduleType.AFTER) {
      names.addAll(AfterTiming.upstreamOf(row.spec()));
    }
    if (row.definition() != null && row.definition().get("dependsOn") instanceof List<?> list) {
      list.forEach(name -> names.add(String.valueOf(name)));
    }
    return names;
  }

  /**
   * A path from {@code start} back to itself, in the direction runs flow (upstream first), or null.
   */
  private static List<String> cycleThrough(String start, Map<String, List<String>> graph) {
    List<String> path = new ArrayList<>();
    path.add(start);
    List<String> found = search(start, start, graph, path, new HashSet<>());
    if (found == null) {
      return null;
    }
    List<String> flow = new ArrayList<>(found);
    java.util.Collections.reverse(flow);
    return flow;
  }

  private static List<String> search(
      String start,
      String at,
      Map<String, List<String>> graph,
      List<String> path,
      Set<String> seen) {
    for (String upstream : new LinkedHashSet<>(graph.getOrDefault(at, List.of()))) {
      if (upstream.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (seen.add(upstream)) {
        path.add(upstream);
        List<String> found = search(start, upstream, graph, path, seen);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }
}
