package io.pipelinescheduler.benchmarks;

import java.util.Locale;

/**
 * A burst's use of the database's commit rate: its runs per second times the commits each run cost,
 * against the commits per second a minimal JDBC loop reaches on the same database (the bound).
 *
 * @param runsPerSecond the burst's runs/s
 * @param commitsPerRun the transactions committed during the burst, divided by its runs
 * @param boundPerSecond the minimal loop's commits/s
 */
record CommitBound(double runsPerSecond, double commitsPerRun, double boundPerSecond) {
  /**
   * The share of the bound from which a burst counts as bound by the commit rate: beyond it, the
   * loop of one INSERT and a commit, with nothing else to do, is barely faster.
   */
  static final double BOUND_FROM = 0.8;

  /** Commits per second the burst used. */
  double usedPerSecond() {
    return runsPerSecond * commitsPerRun;
  }

  /** The commits per second used as a percentage of the bound; NaN when either is unknown. */
  double percentOfBound() {
    if (!(boundPerSecond > 0)) {
      return Double.NaN;
    }
    return 100 * usedPerSecond() / boundPerSecond;
  }

  /** The runs per second the bound allows at this many commits per run. */
  double runsPerSecondAtBound() {
    return commitsPerRun > 0 ? boundPerSecond / commitsPerRun : Double.POSITIVE_INFINITY;
  }

  /** Whether the burst is bound by the commit rate: it uses at least {@link #BOUND_FROM} of it. */
  boolean bound() {
    return percentOfBound() >= 100 * BOUND_FROM;
  }

  /** One sentence for the report: the product, the share of the bound and what it means. */
  String verdict(String who, String boundName) {
    double percent = percentOfBound();
    if (Double.isNaN(percent) || Double.isNaN(usedPerSecond())) {
      return who + ": not measured";
    }
    String product =
        String.format(
            Locale.ROOT,
            "%s runs/s × %s commits/run = %s commits/s, %s %% of the %s (%s commits/s)",
            Stats.fixed(runsPerSecond),
            Stats.fixed(commitsPerRun),
            Stats.fixed(usedPerSecond()),
            Stats.fixed(percent),
            boundName,
            Stats.fixed(boundPerSecond));
    if (bound()) {
      return who
          + ": "
          + product
          + ": **bound by the commit rate** (at this many commits per run the bound allows "
          + Stats.fixed(runsPerSecondAtBound())
          + " runs/s)";
    }
    return who
        + ": "
        + product
        + ": not bound by the commit rate; at this many commits per run the bound would allow "
        + Stats.fixed(runsPerSecondAtBound())
        + " runs/s, "
        + Stats.fixed(100 / percent)
        + "× the burst's";
  }
}
