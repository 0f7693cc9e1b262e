package io.pipelinescheduler.benchmarks;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the figures were measured on: the machine, its load, the JVM. */
final class Machine {
  private Machine() {}

  static Map<String, String> describe() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("CPU", cpuModel());
    facts.put(
        "cores (available to the JVM)",
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("memory", memory());
    facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    facts.put(
        "JVM",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + ")");
    facts.put(
        "GC",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining(", ")));
    facts.put("max heap (main JVM)", Runtime.getRuntime().maxMemory() / 1048576 + " MB");
    List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
    facts.put("JVM options (main JVM)", args.isEmpty() ? "(none)" : String.join(" ", args));
    return facts;
  }

  /** The 1, 5 and 15 minute load averages. */
  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.arch");
  }

  private static String memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal")) {
          long kb = Long.parseLong(line.replaceAll("\\D", ""));
          return String.format(java.util.Locale.ROOT, "%.1f GiB", kb / 1048576.0);
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "unknown";
  }
}
