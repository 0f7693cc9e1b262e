package io.pipelinescheduler.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** W5: runs {@link ScaleMain} in a JVM whose heap is limited, once per size and run. */
final class ScaleWorkload {
  private final Bench bench;
  private final Sizes sizes;

  ScaleWorkload(Bench bench) {
    this.bench = bench;
    this.sizes = bench.sizes;
  }

  List<String> jvmOptions() {
    return List.of("-Xms" + sizes.scaleHeap(), "-Xmx" + sizes.scaleHeap());
  }

  void run(String workload) {
    for (int run = 1; run <= sizes.runs(); run++) {
      for (int n : sizes.scaleSizes()) {
        String label = String.format(java.util.Locale.ROOT, "pipeline-scheduler, %,d schedules", n);
        Map<String, String> values = runOnce(n);
        if (values.containsKey("error")) {
          bench.results.note(workload, label + ": " + values.get("error"));
          continue;
        }
        bench.results.add(workload, label, "registration/s", number(values, "registration_per_s"));
        bench.results.add(workload, label, "registration s", number(values, "registration_s"));
        bench.results.add(workload, label, "heap used MB", number(values, "heap_after_mb"));
        bench.results.add(
            workload, label, "bytes/schedule", number(values, "heap_per_schedule_bytes"));
        bench.results.add(workload, label, "next fire p50 ms", number(values, "probe_p50_ms"));
        bench.results.add(workload, label, "next fire p99 ms", number(values, "probe_p99_ms"));
        Bench.log("%s %s: %s", workload, label, values);
      }
    }
  }

  private static double number(Map<String, String> values, String key) {
    String value = values.get(key);
    return value == null ? Double.NaN : Double.parseDouble(value);
  }

  private Map<String, String> runOnce(int n) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ScaleMain.class.getName());
    command.add(Integer.toString(n));
    command.add(Integer.toString(sizes.threads()));
    Path errors = bench.scratch.resolve("scale-" + n + ".err");
    ChildJvm.Output output = ChildJvm.run(command, errors, Duration.ofMinutes(10));
    if (!output.failed()) {
      return output.values();
    }
    Map<String, String> values = new LinkedHashMap<>();
    values.put(
        "error",
        "the JVM with "
            + jvmOptions()
            + " failed: "
            + (output.errors().contains("OutOfMemoryError")
                ? "OutOfMemoryError"
                : ChildJvm.tail(output.errors())));
    return values;
  }
}
