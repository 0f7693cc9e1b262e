package io.pipelinescheduler.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every figure measured, by workload, contender and metric, one value per run. Not thread-safe. */
final class Results {
  private final Map<String, Map<String, Map<String, List<Double>>>> values = new LinkedHashMap<>();
  private final Map<String, List<String>> notes = new LinkedHashMap<>();
  private final Map<String, Map<String, Map<String, String>>> settings = new LinkedHashMap<>();

  void add(String workload, String contender, String metric, double value) {
    values
        .computeIfAbsent(workload, w -> new LinkedHashMap<>())
        .computeIfAbsent(contender, c -> new LinkedHashMap<>())
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(value);
  }

  /** Adds p50, p99 and max, in ms, of latencies in µs, sorted. */
  void latencies(String workload, String contender, long[] sortedMicros) {
    add(workload, contender, "p50 ms", Stats.percentile(sortedMicros, 50) / 1000);
    add(workload, contender, "p99 ms", Stats.percentile(sortedMicros, 99) / 1000);
    add(workload, contender, "max ms", Stats.max(sortedMicros) / 1000);
  }

  void note(String workload, String note) {
    List<String> list = notes.computeIfAbsent(workload, w -> new ArrayList<>());
    if (!list.contains(note)) {
      list.add(note);
    }
  }

  void settings(String workload, String contender, Map<String, String> contenderSettings) {
    settings
        .computeIfAbsent(workload, w -> new LinkedHashMap<>())
        .putIfAbsent(contender, contenderSettings);
  }

  List<String> workloads() {
    return List.copyOf(values.keySet());
  }

  List<String> contenders(String workload) {
    return List.copyOf(values.getOrDefault(workload, Map.of()).keySet());
  }

  List<String> metrics(String workload) {
    List<String> metrics = new ArrayList<>();
    for (Map<String, List<Double>> byMetric : values.getOrDefault(workload, Map.of()).values()) {
      for (String metric : byMetric.keySet()) {
        if (!metrics.contains(metric)) {
          metrics.add(metric);
        }
      }
    }
    return metrics;
  }

  List<Double> values(String workload, String contender, String metric) {
    return values
        .getOrDefault(workload, Map.of())
        .getOrDefault(contender, Map.of())
        .getOrDefault(metric, List.of());
  }

  double median(String workload, String contender, String metric) {
    return Stats.median(values(workload, contender, metric));
  }

  List<String> notes(String workload) {
    return notes.getOrDefault(workload, List.of());
  }

  Map<String, Map<String, String>> settings(String workload) {
    return settings.getOrDefault(workload, Map.of());
  }
}
