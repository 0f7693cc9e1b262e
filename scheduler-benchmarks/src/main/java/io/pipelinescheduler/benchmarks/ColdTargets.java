package io.pipelinescheduler.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Issue 20's targets that the cold workload judges ({@link ColdWorkload}), on the medians of this
 * run: the in-memory burst against Quartz RAMJobStore cold and warm, the first run after {@code
 * start()}, and the in-memory lateness cold against the JDK executor's.
 */
final class ColdTargets {
  private final Results r;

  ColdTargets(Results results) {
    this.r = results;
  }

  List<Targets.Verdict> judge() {
    return List.of(
        coldBurst(),
        firstRun(Contender.OURS_MEMORY, 5),
        firstRun(Contender.OURS_POSTGRES, 20),
        coldPrecision());
  }

  private double cold(Contender contender, String metric) {
    return r.median(Workloads.COLD, contender.label, metric);
  }

  /** Not met when any measured part fails; not measured when a part is missing and none fails. */
  private static Boolean all(Boolean... parts) {
    Boolean met = true;
    for (Boolean part : parts) {
      if (Boolean.FALSE.equals(part)) {
        return false;
      }
      if (part == null) {
        met = null;
      }
    }
    return met;
  }

  private static Boolean atLeast(double value, double bound) {
    return Double.isNaN(value) || Double.isNaN(bound) ? null : value >= bound;
  }

  private Targets.Verdict coldBurst() {
    String target =
        "Cold: in-memory burst ≥ 5× Quartz RAMJobStore's cold burst; warm (W6) stays ≥ 5×";
    double ours = cold(Contender.OURS_MEMORY, ColdWorkload.BURST);
    double quartz = cold(Contender.QUARTZ_RAM, ColdWorkload.BURST);
    if (Double.isNaN(ours) || Double.isNaN(quartz)) {
      return new Targets.Verdict(target, "not measured", null);
    }
    double oursWarm = r.median(Workloads.W6_BURST, Contender.OURS_MEMORY.label, "runs/s");
    double quartzWarm = r.median(Workloads.W6_BURST, Contender.QUARTZ_RAM.label, "runs/s");
    String warm =
        Double.isNaN(oursWarm) || Double.isNaN(quartzWarm)
            ? "warm: not measured (W6 did not run)"
            : String.format(
                Locale.ROOT,
                "warm: ours %s, Quartz %s (%.2f×)",
                Stats.fixed(oursWarm),
                Stats.fixed(quartzWarm),
                oursWarm / quartzWarm);
    return new Targets.Verdict(
        target,
        String.format(
            Locale.ROOT,
            "cold: ours %s runs/s, Quartz RAMJobStore %s (%.2f×); %s",
            Stats.fixed(ours),
            Stats.fixed(quartz),
            ours / quartz,
            warm),
        all(atLeast(ours, 5 * quartz), atLeast(oursWarm, 5 * quartzWarm)));
  }

  private Targets.Verdict firstRun(Contender contender, double limitMs) {
    String target =
        "Cold: "
            + contender.label
            + ", first run ≤ "
            + Stats.fixed(limitMs)
            + " ms after start() in a fresh JVM";
    double ms = cold(contender, ColdWorkload.FIRST_RUN);
    if (Double.isNaN(ms)) {
      return new Targets.Verdict(target, "not measured", null);
    }
    return new Targets.Verdict(
        target,
        Stats.fixed(ms)
            + " ms (median of runs "
            + Stats.all(r.values(Workloads.COLD, contender.label, ColdWorkload.FIRST_RUN))
            + ")",
        ms <= limitMs);
  }

  private Targets.Verdict coldPrecision() {
    String target =
        "Cold: in-memory lateness p99 ≤ 1 ms and ≤ 2× the JDK ScheduledThreadPoolExecutor's cold"
            + " p99 in the same run";
    double ours = cold(Contender.OURS_MEMORY, ColdWorkload.P99);
    if (Double.isNaN(ours)) {
      return new Targets.Verdict(target, "not measured", null);
    }
    double jdk = cold(Contender.JDK_EXECUTOR, ColdWorkload.P99);
    return new Targets.Verdict(
        target,
        String.format(
            Locale.ROOT,
            "ours p99 %s ms (runs %s); JDK executor %s",
            Stats.fixed(ours),
            Stats.all(r.values(Workloads.COLD, Contender.OURS_MEMORY.label, ColdWorkload.P99)),
            Double.isNaN(jdk)
                ? "not measured"
                : String.format(
                    Locale.ROOT, "%s ms (ours %.2f× it)", Stats.fixed(jdk), ours / jdk)),
        all(ours <= 1, atLeast(2 * jdk, ours)));
  }
}
