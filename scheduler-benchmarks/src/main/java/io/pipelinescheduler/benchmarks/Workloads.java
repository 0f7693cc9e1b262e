package io.pipelinescheduler.benchmarks;

/** The names of the workloads, as they head the report's sections. */
final class Workloads {
  static final String W1 = "W1 burst (persistent)";
  static final String W2 = "W2 precision (persistent)";
  static final String W3 = "W3 steady";
  static final String W4 = "W4 cluster";
  static final String W5 = "W5 scale (in memory)";
  static final String W6_BURST = "W6 burst (in memory)";
  static final String W6_PRECISION = "W6 precision (in memory)";
  static final String PICKUP = "Pickup latency (created on one instance, run on another)";
  static final String STARTUP = "Start-up (cold and warm)";
  static final String JMH = "JMH microbenchmarks";
  static final String REGISTRATION = "Issue 16: registration";
  static final String COLD = "Cold (a fresh JVM per figure) beside warm";
  static final String BOUND = "Issue 20: the database's commit rate as the bound";

  private Workloads() {}

  /** The metric whose every run the report lists. */
  static String mainMetric(String workload) {
    if (workload.equals(W2) || workload.equals(W6_PRECISION) || workload.equals(PICKUP)) {
      return "p99 ms";
    }
    if (workload.equals(STARTUP)) {
      return StartupWorkload.COLD;
    }
    if (workload.equals(W5)) {
      return "registration/s";
    }
    if (workload.equals(REGISTRATION)) {
      return RegistrationWorkload.METRIC;
    }
    if (workload.equals(BOUND)) {
      return BoundWorkload.METRIC;
    }
    if (workload.equals(COLD)) {
      return ColdWorkload.BURST;
    }
    if (workload.equals(JMH)) {
      return null;
    }
    return "runs/s";
  }
}
