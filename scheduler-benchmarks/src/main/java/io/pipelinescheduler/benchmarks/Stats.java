package io.pipelinescheduler.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Medians, percentiles and number formatting for the report. */
final class Stats {
  private Stats() {}

  /** The median of the values (the mean of the middle two for an even count); NaN when empty. */
  static double median(List<Double> values) {
    double[] sorted =
        values.stream()
            .mapToDouble(Double::doubleValue)
            .filter(v -> !Double.isNaN(v))
            .sorted()
            .toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** The p-th percentile (nearest rank) of sorted values; NaN when empty. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double max(long[] sorted) {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  /** Microseconds as milliseconds with enough digits. */
  static String ms(double micros) {
    return Double.isNaN(micros) ? "–" : fixed(micros / 1000.0);
  }

  /** A number with 3 significant digits at least, grouped thousands. */
  static String fixed(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double abs = Math.abs(value);
    if (value == Math.rint(value) && abs < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (abs >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** "p50 … ms, p99 … ms, max … ms" of latencies in µs, sorted. */
  static String latencies(long[] sortedMicros) {
    return "p50 "
        + ms(percentile(sortedMicros, 50))
        + " ms, p99 "
        + ms(percentile(sortedMicros, 99))
        + " ms, max "
        + ms(max(sortedMicros))
        + " ms";
  }

  static String all(List<Double> values) {
    return String.join(" / ", values.stream().map(Stats::fixed).toList());
  }

  static long[] sorted(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
